from django.urls import path, register_converter

from literacy.campaigns import views

app_name = "campaigns"


class FormatConverter:
    regex = "svg|png"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "qrformat")

urlpatterns = [
    # Public: the short link of a source (no trailing slash: one request less on a slow network).
    path("c/<str:code>", views.landing, name="landing"),
    path("c/<str:code>/preview.png", views.preview, name="preview"),
    path("c/<str:code>/go/", views.go, name="go"),
    path("c/<str:code>/step/<int:number>/", views.step, name="step"),
    path("c/<str:code>/step/<int:number>/done/", views.lesson_done, name="lesson_done"),
    path("c/<str:code>/done/", views.done, name="done"),
    # The organisation's campaign managers.
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/new/", views.campaign_create, name="create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("campaigns/<int:pk>/export.csv", views.campaign_csv, name="csv"),
    path("campaigns/<int:pk>/links/", views.source_list, name="sources"),
    path("campaigns/<int:pk>/links/new/", views.source_create, name="source_create"),
    path("campaigns/<int:pk>/links/<int:source_id>/qr.<qrformat:fmt>", views.source_qr, name="source_qr"),
]
