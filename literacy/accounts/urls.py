from django.urls import path

from literacy.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sessions/", views.sessions, name="sessions"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="delete"),
]
