from django.urls import path

from literacy.classrooms import views

app_name = "classrooms"

urlpatterns = [
    path("", views.teacher_home, name="list"),
    path("new/", views.classroom_create, name="create"),
    path("mine/", views.my_classes, name="mine"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
    path("<int:pk>/", views.classroom_detail, name="detail"),
    path("<int:pk>/manage/", views.classroom_manage, name="manage"),
    path("<int:pk>/qr.png", views.classroom_qr_png, name="qr_png"),
    path("<int:pk>/code/", views.classroom_code_regenerate, name="code_regenerate"),
    path("<int:pk>/status/", views.classroom_status, name="status"),
    path("<int:pk>/delete/", views.classroom_delete, name="delete"),
    path("<int:pk>/co-teachers/", views.co_teacher_add, name="co_teacher_add"),
    path("<int:pk>/co-teachers/<int:user_id>/remove/", views.co_teacher_remove, name="co_teacher_remove"),
    path("<int:pk>/pupils/add/", views.pupils_add, name="pupils_add"),
    path("<int:pk>/pupils/cards/", views.pupil_cards, name="cards"),
    path("<int:pk>/pupils/<int:user_id>/", views.pupil_detail, name="pupil"),
    path("<int:pk>/pupils/<int:user_id>/pin/", views.pupil_pin_reset, name="pupil_pin_reset"),
    path("<int:pk>/pupils/<int:user_id>/remove/", views.pupil_remove, name="pupil_remove"),
    path("<int:pk>/assignments/new/", views.assignment_create, name="assignment_create"),
    path(
        "<int:pk>/assignments/<int:assignment_id>/delete/", views.assignment_delete, name="assignment_delete"
    ),
    path("<int:pk>/quizzes/<int:quiz_id>/", views.quiz_analysis, name="quiz_analysis"),
    path("<int:pk>/quizzes/<int:quiz_id>/export.csv", views.quiz_analysis_csv, name="quiz_analysis_csv"),
    path("<int:pk>/export.csv", views.grid_csv, name="grid_csv"),
    path("<int:pk>/exports/", views.export_list, name="exports"),
    path("<int:pk>/exports/<int:export_id>/download/", views.export_download, name="export_download"),
]
