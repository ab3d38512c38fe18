import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from literacy.core.arabic import normalize_arabic
from literacy.curricula import caching
from literacy.curricula.loader import ContentTree, CurriculumData, LessonData
from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
from literacy.curricula.rendering import plain_text, render_markdown, renderer_version
from quizzes.models import Quiz
from quizzes.services import quiz_apply


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.unpublished)


def _hash(*parts) -> str:
    return hashlib.sha256(
        json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


def _upsert(model, lookup: dict, values: dict, report: LoadReport, label: str):
    """Create or update one row, writing only when something changed (``updated`` stays put)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created.append(label)
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        update_fields = changed + (["updated"] if hasattr(obj, "updated") else [])
        obj.save(update_fields=update_fields)
        report.updated.append(label)
        return obj, True
    report.unchanged += 1
    return obj, False


@transaction.atomic
def content_apply(*, tree: ContentTree) -> LoadReport:
    """Upsert the validated content tree by slug. Lessons no longer in the content are unpublished,
    never deleted, so learners' progress is kept."""
    report = LoadReport()
    # Some rows change through QuerySet.update() (no signal): the cached content is stale either way.
    transaction.on_commit(caching.content_changed)
    techniques = {}
    for item in tree.techniques:
        technique, _ = _upsert(
            Technique,
            {"slug": item["slug"]},
            {"name": item["name"], "description": item["description"], "order": item["order"]},
            report,
            f"technique {item['slug']}",
        )
        techniques[technique.slug] = technique

    terms = set()
    for item in tree.glossary:
        _upsert(
            GlossaryTerm,
            {"term": item["term"]},
            {"definition": item["definition"], "order": item["order"]},
            report,
            f"term {item['term']}",
        )
        terms.add(item["term"])
    removed_terms = GlossaryTerm.objects.exclude(term__in=terms)
    report.updated.extend(f"term {t} removed" for t in removed_terms.values_list("term", flat=True))
    removed_terms.delete()

    technique_names = {t["slug"]: t["name"] for t in tree.techniques}
    # Pre-assessments first, so a post-assessment finds the one it is paired with.
    for quiz_data in sorted(tree.quizzes, key=lambda q: bool(q.pre_assessment)):
        _, changed = quiz_apply(data=quiz_data, technique_names=technique_names)
        if changed:
            report.updated.append(f"quiz {quiz_data.slug}")
        else:
            report.unchanged += 1
    quizzes = {quiz.slug: quiz for quiz in Quiz.objects.filter(slug__in=[q.slug for q in tree.quizzes])}

    kept_lessons = set()
    kept_curricula = set()
    for curriculum_data in tree.curricula:
        curriculum = _apply_curriculum(curriculum_data, quizzes, report)
        kept_curricula.add(curriculum.pk)
        with translation.override(curriculum.language):
            for unit_order, unit_data in enumerate(curriculum_data.units):
                unit, _ = _upsert(
                    Unit,
                    {"curriculum": curriculum, "slug": unit_data.slug},
                    {"title": unit_data.title, "order": unit_order, "is_published": True},
                    report,
                    f"unit {curriculum.slug}/{unit_data.slug}",
                )
                for lesson_order, lesson_slug in enumerate(unit_data.lessons):
                    _apply_lesson(tree.lessons[lesson_slug], unit, lesson_order, techniques, quizzes, report)
                    kept_lessons.add(lesson_slug)
        stale_units = curriculum.units.filter(is_published=True).exclude(
            slug__in=[u.slug for u in curriculum_data.units]
        )
        report.unpublished.extend(
            f"unit {curriculum.slug}/{slug}" for slug in stale_units.values_list("slug", flat=True)
        )
        stale_units.update(is_published=False)

    _publish_used_quizzes(tree, report)

    for model, kept, field_name in (
        (Lesson, kept_lessons, "slug"),
        (Curriculum, kept_curricula, "pk"),
    ):
        stale = model.objects.filter(is_published=True).exclude(**{f"{field_name}__in": kept})
        report.unpublished.extend(
            f"{model._meta.model_name} {slug}" for slug in stale.values_list("slug", flat=True)
        )
        stale.update(is_published=False)
    return report


def _publish_used_quizzes(tree: ContentTree, report: LoadReport) -> None:
    """A quiz is public when a published curriculum uses it (a lesson's knowledge check, its pre-,
    post- or booster quiz) or when its file says ``published: true``: a draft curriculum's quizzes
    (and their answers) stay private, and so do quizzes whose file was removed."""
    used = set()
    for curriculum in tree.curricula:
        if curriculum.published:
            used |= {curriculum.pre_assessment, curriculum.post_assessment, curriculum.booster}
            used |= {tree.lessons[slug].quiz for unit in curriculum.units for slug in unit.lessons}
    public = {q.slug for q in tree.quizzes if q.published or (q.published is None and q.slug in used)}
    hidden = Quiz.objects.filter(is_published=True).exclude(slug__in=public)
    report.unpublished.extend(f"quiz {slug}" for slug in hidden.values_list("slug", flat=True))
    hidden.update(is_published=False)
    Quiz.objects.filter(slug__in=public, is_published=False).update(is_published=True)


def _apply_curriculum(data: CurriculumData, quizzes: dict[str, Quiz], report: LoadReport) -> Curriculum:
    values = {
        "pre_assessment": quizzes.get(data.pre_assessment),
        "post_assessment": quizzes.get(data.post_assessment),
        "booster": quizzes.get(data.booster),
        "title": data.title,
        "audience": data.audience,
        "language": data.language,
        "description": data.description,
        "order": data.order,
        "is_published": data.published,
    }
    values["content_hash"] = _hash({k: getattr(v, "pk", v) for k, v in values.items()})
    curriculum, _ = _upsert(Curriculum, {"slug": data.slug}, values, report, f"curriculum {data.slug}")
    return curriculum


def _apply_lesson(
    data: LessonData, unit: Unit, order: int, techniques: dict, quizzes: dict[str, Quiz], report: LoadReport
) -> Lesson:
    source = {
        "title": data.title,
        "summary": data.summary,
        "objectives": data.objectives,
        "minutes": data.minutes,
        "body_source": data.body,
        "teacher_guide_source": data.teacher_guide,
        "techniques": sorted(data.techniques),
    }
    quiz = quizzes.get(data.quiz)
    content_hash = _hash(source, unit.pk, order, quiz.pk if quiz else None, renderer_version())
    lesson = Lesson.objects.filter(slug=data.slug).first()
    if lesson and lesson.content_hash == content_hash and lesson.is_published:
        report.unchanged += 1
        return lesson
    values = {k: v for k, v in source.items() if k != "techniques"}
    values.update(
        unit=unit,
        quiz=quiz,
        order=order,
        is_published=True,
        content_hash=content_hash,
        **lesson_rendered_fields(
            title=data.title, summary=data.summary, body=data.body, teacher_guide=data.teacher_guide
        ),
    )
    lesson, _ = _upsert(Lesson, {"slug": data.slug}, values, report, f"lesson {data.slug}")
    lesson.techniques.set([techniques[slug] for slug in data.techniques])
    return lesson


def lesson_rendered_fields(*, title: str, summary: str, body: str, teacher_guide: str) -> dict:
    """The derived fields of a lesson: sanitised HTML and the normalised search text."""
    return {
        "body_html": render_markdown(body),
        "teacher_guide_html": render_markdown(teacher_guide),
        "search_title": normalize_arabic(title),
        "search_text": normalize_arabic(" ".join([title, summary, plain_text(body)])),
    }
