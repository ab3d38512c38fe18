from django.urls import path

from literacy.progress import views

app_name = "progress"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("this-device/", views.guest_work_decide, name="guest_work_decide"),
    path("lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("curricula/<int:curriculum_id>/certificate/", views.certificate_claim, name="certificate_claim"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate"),
    path("certificates/<str:code>/print/", views.certificate_print, name="certificate_print"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
]
