from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("<slug:slug>/", views.quiz_detail, name="detail"),
    path("<slug:slug>/start/", views.quiz_start, name="start"),
    path("attempts/<uuid:public_id>/", views.attempt_entry, name="attempt"),
    path("attempts/<uuid:public_id>/<int:number>/", views.attempt_question, name="question"),
    path("attempts/<uuid:public_id>/review/", views.attempt_review, name="review"),
    path("attempts/<uuid:public_id>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<uuid:public_id>/results/", views.attempt_results, name="results"),
]
