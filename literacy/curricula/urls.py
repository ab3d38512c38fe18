from django.urls import path

from literacy.curricula import views

app_name = "curricula"

urlpatterns = [
    path("", views.curriculum_list, name="list"),
    path("search/", views.search, name="search"),
    path("glossary/", views.glossary, name="glossary"),
    path("<slug:slug>/", views.curriculum_detail, name="detail"),
    # Before the lesson pages: "guides" is not a lesson slug (the loader refuses it).
    path("<slug:slug>/guides/", views.teacher_guides, name="guides"),
    path("<slug:curriculum>/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("<slug:curriculum>/<slug:slug>/guide/", views.teacher_guide, name="guide"),
]
