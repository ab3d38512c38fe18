from django.urls import path

from literacy.progress import views

app_name = "progress"

urlpatterns = [
    path("lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
]
