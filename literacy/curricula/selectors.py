from itertools import groupby

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from literacy.core.arabic import search_terms
from literacy.curricula import caching
from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
from literacy.curricula.permissions import can_preview_unpublished


def _visible_lessons(user):
    lessons = Lesson.objects.all()
    if not can_preview_unpublished(user):
        lessons = lessons.filter(
            is_published=True, unit__is_published=True, unit__curriculum__is_published=True
        )
    return lessons


def curriculum_list_for_user(user) -> list[tuple[str, list[Curriculum]]]:
    """Curricula grouped by audience (in the audience order of the model), with lesson counts and
    total minutes; two queries at most, whatever the number of curricula or lessons."""
    curricula = Curriculum.objects.all()
    lesson_filter = Q(units__lessons__is_published=True, units__is_published=True)
    if not can_preview_unpublished(user):
        curricula = curricula.filter(is_published=True)
    curricula = curricula.annotate(
        lesson_count=Count("units__lessons", filter=lesson_filter),
        total_minutes=Sum("units__lessons__minutes", filter=lesson_filter),
    )
    audience_order = {value: index for index, value in enumerate(Curriculum.Audience.values)}
    ordered = sorted(curricula, key=lambda c: (audience_order[c.audience], c.order, c.slug))
    labels = dict(Curriculum.Audience.choices)
    return [(labels[audience], list(group)) for audience, group in groupby(ordered, key=lambda c: c.audience)]


def curriculum_detail(*, slug: str, user) -> tuple[Curriculum, list[Unit], list[Lesson]]:
    """The curriculum with its units and their lessons (three queries)."""
    curriculum = (
        Curriculum.objects.select_related("pre_assessment", "post_assessment").filter(slug=slug).first()
    )
    if curriculum is None or not (curriculum.is_published or can_preview_unpublished(user)):
        raise Http404
    units = curriculum.units.all()
    lessons = _visible_lessons(user).only(
        "id", "slug", "title", "summary", "minutes", "order", "unit_id", "is_published"
    )
    if not can_preview_unpublished(user):
        units = units.filter(is_published=True)
    units = list(units.prefetch_related(Prefetch("lessons", queryset=lessons.order_by("order"))))
    flat = [lesson for unit in units for lesson in unit.lessons.all()]
    return curriculum, units, flat


def curriculum_guides(*, curriculum: Curriculum, user) -> list[Unit]:
    """The curriculum's units with their lessons in order, each lesson with its objectives and
    `has_guide` (the guide's text itself stays in the database): two queries, whatever the number
    of units or lessons. Unpublished units and lessons only for those who may preview them."""
    units = curriculum.units.all()
    if not can_preview_unpublished(user):
        units = units.filter(is_published=True)
    lessons = (
        _visible_lessons(user)
        .only("id", "slug", "title", "objectives", "minutes", "order", "unit_id", "is_published")
        .annotate(has_guide=ExpressionWrapper(~Q(teacher_guide_html=""), output_field=BooleanField()))
        .order_by("order")
    )
    return list(units.order_by("order").prefetch_related(Prefetch("lessons", queryset=lessons)))


# Columns a lesson page never shows: the Markdown sources and the folded search text.
LESSON_PAGE_DEFERRED = ("body_source", "teacher_guide_source", "search_text", "search_title", "content_hash")
# A lesson's texts, tens of kB each: pages that list lessons (dashboards, assignments) defer them.
LESSON_TEXTS = ("body_html", "body_source", "teacher_guide_html", "teacher_guide_source", "search_text")


def lesson_detail(
    *, curriculum_slug: str, slug: str, user
) -> tuple[Lesson, Lesson | None, Lesson | None, int, int]:
    """The lesson (with unit, curriculum, quiz, techniques), its neighbours in curriculum order, and
    its position. Three queries for an editor (who may preview unpublished lessons); for everybody
    else none: the published lesson comes from the content cache (``curricula.caching``)."""
    if can_preview_unpublished(user):
        found = _lesson_detail(curriculum_slug=curriculum_slug, slug=slug, user=user)
    else:
        found = caching.cached(
            f"lesson:{curriculum_slug}:{slug}",
            lambda: _lesson_detail(curriculum_slug=curriculum_slug, slug=slug, user=user),
        )
    if found is None:
        raise Http404
    return found


def _lesson_detail(*, curriculum_slug: str, slug: str, user):
    lesson = (
        _visible_lessons(user)
        .select_related("unit__curriculum", "quiz")
        .prefetch_related("techniques")
        .defer(*LESSON_PAGE_DEFERRED)
        .filter(slug=slug, unit__curriculum__slug=curriculum_slug)
        .first()
    )
    if lesson is None:
        return None
    siblings = list(
        _visible_lessons(user)
        .filter(unit__curriculum_id=lesson.unit.curriculum_id)
        .order_by("unit__order", "order")
        .only("id", "slug", "title", "unit_id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == lesson.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return lesson, previous, following, index + 1, len(siblings)


def lesson_search(*, query: str, user, limit: int = 50) -> list[Lesson]:
    """Published lessons whose normalised text holds every normalised word of the query; title
    matches first. Works on SQLite and PostgreSQL (plain substring matching on folded text)."""
    terms = search_terms(query)
    if not terms:
        return []
    lessons = _visible_lessons(user).select_related("unit__curriculum")
    for term in terms:
        lessons = lessons.filter(search_text__contains=term)
    title_hits = Q()
    for term in terms:
        title_hits &= Q(search_title__contains=term)
    lessons = lessons.annotate(
        title_match=Case(When(title_hits, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-title_match", "unit__curriculum__order", "unit__order", "order")
    return list(lessons[:limit])


def glossary_list() -> list[GlossaryTerm]:
    return list(GlossaryTerm.objects.all())


def curricula_with_first_lessons() -> list[tuple[Curriculum, str | None]]:
    """Published curricula in audience order, each with the address of its first published lesson
    (the home page's "start" links). From the content cache; two queries when it is built."""
    return caching.cached("home-curricula", _curricula_with_first_lessons)


def techniques() -> list[Technique]:
    """Every technique in order (from the content cache)."""
    return caching.cached("techniques", lambda: list(Technique.objects.all()))


def _curricula_with_first_lessons() -> list[tuple[Curriculum, str | None]]:
    curricula = list(
        Curriculum.objects.filter(is_published=True).only("id", "slug", "title", "audience", "order")
    )
    audience_order = {value: index for index, value in enumerate(Curriculum.Audience.values)}
    curricula.sort(key=lambda c: (audience_order[c.audience], c.order, c.slug))
    rows = (
        Lesson.objects.filter(
            is_published=True, unit__is_published=True, unit__curriculum__in=[c.pk for c in curricula]
        )
        .order_by("unit__curriculum_id", "unit__order", "order")
        .values_list("unit__curriculum_id", "slug")
    )
    firsts: dict[int, str] = {}
    for curriculum_id, slug in rows:
        firsts.setdefault(curriculum_id, slug)
    return [
        (
            c,
            reverse("curricula:lesson", kwargs={"curriculum": c.slug, "slug": firsts[c.pk]})
            if c.pk in firsts
            else None,
        )
        for c in curricula
    ]
