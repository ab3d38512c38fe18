from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from literacy.core.arabic import search_terms
from literacy.core.shared_pages import shared_anonymous_page
from literacy.curricula import hooks, selectors
from literacy.curricula.forms import SearchForm
from literacy.curricula.models import Curriculum
from literacy.curricula.permissions import can_view_teacher_guide, can_view_teacher_guides


@require_GET
def curriculum_list(request):
    groups = selectors.curriculum_list_for_user(request.user)
    return render(request, "curricula/curriculum_list.html", {"groups": groups, "search_form": SearchForm()})


@require_GET
def curriculum_detail(request, slug):
    curriculum, units, lessons = selectors.curriculum_detail(slug=slug, user=request.user)
    context = {
        "curriculum": curriculum,
        "units": units,
        "lesson_count": len(lessons),
        "total_minutes": sum(lesson.minutes for lesson in lessons),
        "can_view_guides": can_view_teacher_guides(request.user, curriculum),
    }
    context.update(hooks.curriculum_context(request, curriculum, lessons))
    return render(request, "curricula/curriculum_detail.html", context)


@require_GET
@shared_anonymous_page  # a visitor without account or session: the copy every such visitor gets
def lesson_detail(request, curriculum, slug):
    lesson, previous, following, position, total = selectors.lesson_detail(
        curriculum_slug=curriculum, slug=slug, user=request.user
    )
    context = {
        "lesson": lesson,
        "curriculum": lesson.unit.curriculum,
        "previous": previous,
        "following": following,
        "position": position,
        "total": total,
        "can_view_guide": can_view_teacher_guide(request.user, lesson),
        "lesson_quiz_url": lesson.quiz.get_absolute_url() if lesson.quiz and lesson.quiz.is_published else "",
    }
    context.update(hooks.lesson_context(request, lesson))
    return render(request, "curricula/lesson_detail.html", context)


@require_GET
def teacher_guide(request, curriculum, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    lesson, *_ = selectors.lesson_detail(curriculum_slug=curriculum, slug=slug, user=request.user)
    if not can_view_teacher_guide(request.user, lesson):
        raise Http404
    return render(
        request,
        "curricula/lesson_guide.html",
        {"lesson": lesson, "curriculum": lesson.unit.curriculum},
    )


@require_GET
def teacher_guides(request, slug):
    """Every lesson's teacher's guide in one curriculum, for teachers and editors (404 for others)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    curriculum = get_object_or_404(Curriculum, slug=slug)
    if not can_view_teacher_guides(request.user, curriculum):
        raise Http404
    units = selectors.curriculum_guides(curriculum=curriculum, user=request.user)
    return render(request, "curricula/teacher_guides.html", {"curriculum": curriculum, "units": units})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.lesson_search(query=query, user=request.user) if query else []
    context = {"form": form, "query": query, "results": results, "terms": search_terms(query)}
    return render(request, "curricula/lesson_search.html", context)


@require_GET
def glossary(request):
    return render(request, "curricula/glossary.html", {"terms": selectors.glossary_list()})
