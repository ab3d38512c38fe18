"""Reads of classrooms. Every function runs a constant number of queries, whatever the number of
pupils and assignments (tests/classrooms/test_queries.py proves it for the dashboard)."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from literacy.accounts.models import User
from literacy.classrooms.models import Assignment, Classroom, Membership
from literacy.classrooms.permissions import CO_TEACHER, OWNER, PUPIL
from literacy.core.queries import unique_row
from literacy.curricula import selectors as curricula_selectors
from literacy.curricula.caching import cached as content_cached
from literacy.curricula.models import Lesson, Technique
from literacy.progress.models import LessonProgress
from quizzes.assessments import before_and_after
from quizzes.discernment import discernment
from quizzes.models import Answer, Attempt, Question, Quiz

PUPIL_FIELDS = ("id", "username", "display_name")


def classroom_for_teacher(*, user, pk: int) -> Classroom:
    """The class with ``viewer_role`` set, for its owner or a co-teacher; 404 for anybody else."""
    if not user.is_authenticated:
        raise Http404
    classroom = (
        Classroom.objects.select_related("curriculum__pre_assessment", "curriculum__post_assessment", "owner")
        .annotate(
            is_co_teacher=Exists(
                Membership.objects.filter(
                    classroom=OuterRef("pk"), user=user, role=Membership.Role.CO_TEACHER
                )
            )
        )
        .filter(pk=pk)
    )
    classroom = unique_row(classroom)
    if classroom is None:
        raise Http404
    if classroom.owner_id == user.pk:
        classroom.viewer_role = OWNER
    elif classroom.is_co_teacher:
        classroom.viewer_role = CO_TEACHER
    else:
        raise Http404
    return classroom


def classroom_by_code(*, code: str) -> Classroom | None:
    """The class a join code names: the open one, else the latest closed or archived one."""
    code = (code or "").strip().upper()
    if not code:
        return None
    rows = Classroom.objects.filter(join_code=code).select_related("owner", "curriculum")
    return rows.filter(status=Classroom.Status.OPEN).first() or rows.order_by("-created").first()


def pupils_of(*, classroom: Classroom) -> list[User]:
    """Names and usernames only: teachers never see pupils' e-mail addresses."""
    return list(
        User.objects.filter(
            class_memberships__classroom=classroom, class_memberships__role=Membership.Role.PUPIL
        )
        .only(*PUPIL_FIELDS)
        .annotate(is_managed=Exists(User.objects.filter(pk=OuterRef("pk"), managed_pupil__isnull=False)))
        .order_by("display_name", "username")
    )


def pupil_of(*, classroom: Classroom, user_id: int) -> User:
    pupil = (
        User.objects.filter(
            pk=user_id, class_memberships__classroom=classroom, class_memberships__role=Membership.Role.PUPIL
        )
        .only(*PUPIL_FIELDS)
        .annotate(is_managed=Exists(User.objects.filter(pk=OuterRef("pk"), managed_pupil__isnull=False)))
        .first()
    )
    if pupil is None:
        raise Http404
    return pupil


def co_teachers_of(*, classroom: Classroom) -> list[User]:
    return list(
        User.objects.filter(
            class_memberships__classroom=classroom, class_memberships__role=Membership.Role.CO_TEACHER
        ).only(*PUPIL_FIELDS)
    )


def assignments_of(*, classroom_ids) -> list[Assignment]:
    # A lesson's texts are tens of kB each and no assignment list shows them.
    return list(
        Assignment.objects.filter(classroom_id__in=list(classroom_ids))
        .select_related("lesson__unit__curriculum", "unit", "quiz", "classroom")
        .defer(*(f"lesson__{name}" for name in curricula_selectors.LESSON_TEXTS))
    )


def deadline(due_on: date | None) -> datetime | None:
    """The end of the due day, in the site's time zone."""
    if due_on is None:
        return None
    return timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time.min))


@dataclass(slots=True)
class Cell:
    status: str = "not_started"  # done, started, not_started
    score: int | None = None
    done_at: datetime | None = None
    late: bool = False  # done after the due date
    overdue: bool = False  # not done and the due date has passed
    lessons_done: int = 0
    lessons_total: int = 0

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    @property
    def css_class(self) -> str:
        late = " cell-late" if self.late else ""
        overdue = " cell-overdue" if self.overdue else ""
        return f"cell cell-{self.status}{late}{overdue}"

    @property
    def label(self) -> str:
        """The cell's text, identical on the screen and in the CSV."""
        if self.status == "done":
            parts = [_("done")]
            if self.score is not None:
                parts.append(f"{self.score}%")
            if self.late:
                parts.append(_("late"))
        elif self.status == "started":
            parts = [_("started, not finished")]
            if self.lessons_total:
                parts.append(f"{self.lessons_done}/{self.lessons_total}")
            if self.overdue:
                parts.append(_("overdue"))
        else:
            parts = [_("overdue") if self.overdue else _("not started")]
        return " · ".join(parts)


def _cells(
    assignments: list[Assignment], pupil_ids: list[int], now: datetime, *, classroom_ids, pupils_in=None
) -> dict[tuple[int, int], Cell]:
    """(pupil id, assignment id) -> Cell, in three queries whatever the numbers and the kinds of
    assignments (the targets are read through a subquery, so no query is skipped or added).
    ``assignments`` are those of ``classroom_ids``; ``pupils_in`` (a subquery of ``pupil_ids``, when
    there is one) keeps the queries short: a long list of ids is sent, and parsed, with each."""
    chosen = Assignment.objects.filter(classroom_id__in=list(classroom_ids))
    pupils_in = pupil_ids if pupils_in is None else pupils_in
    unit_lessons: dict[int, set[int]] = defaultdict(set)
    progress: dict[tuple[int, int], datetime | None] = {}
    attempts: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    if not (assignments and pupil_ids):
        return {(u, a.pk): Cell() for a in assignments for u in pupil_ids}
    for lesson_id, unit_id in Lesson.objects.filter(
        unit_id__in=chosen.values("unit_id"), is_published=True
    ).values_list("pk", "unit_id"):
        unit_lessons[unit_id].add(lesson_id)
    for user_id, lesson_id, completed in LessonProgress.objects.filter(
        Q(lesson_id__in=chosen.values("lesson_id")) | Q(lesson__unit_id__in=chosen.values("unit_id")),
        user_id__in=pupils_in,
    ).values_list("user_id", "lesson_id", "completed_at"):
        progress[(user_id, lesson_id)] = completed
    for user_id, quiz_id, score, max_score, submitted in (
        Attempt.objects.filter(
            user_id__in=pupils_in, quiz_id__in=chosen.values("quiz_id"), status=Attempt.Status.SUBMITTED
        )
        .order_by("submitted_at")
        .values_list("user_id", "quiz_id", "score", "max_score", "submitted_at")
    ):
        percent = round(100 * score / max_score) if score is not None and max_score else None
        attempts[(user_id, quiz_id)].append((percent, submitted))
    cells = {}
    for assignment in assignments:
        # Read once per assignment, not per pupil (foreign-key ids are descriptors: a call each).
        due = deadline(assignment.due_on)
        overdue_now = due is not None and now >= due
        assignment_id, lesson_id, unit_id = assignment.pk, assignment.lesson_id, assignment.unit_id
        quiz_id, scored = assignment.quiz_id, assignment.kind == Assignment.Kind.QUIZ
        lessons = unit_lessons.get(unit_id, set()) if unit_id else set()
        for user_id in pupil_ids:
            # Each cell is built in one call (1,600 of them for 40 pupils x 40 assignments).
            status, score, done_at, lessons_done, lessons_total = "not_started", None, None, 0, 0
            if lesson_id:
                key = (user_id, lesson_id)
                if key in progress:
                    done_at = progress[key]
                    status = "done" if done_at else "started"
            elif unit_id:
                completed = [progress.get((user_id, lesson)) for lesson in lessons]
                lessons_total = len(lessons)
                lessons_done = sum(1 for moment in completed if moment)
                if lessons and lessons_done == lessons_total:
                    status, done_at = "done", max(completed)
                elif any((user_id, lesson) in progress for lesson in lessons):
                    status = "started"
            else:
                tries = attempts.get((user_id, quiz_id))
                if tries:
                    status, done_at = "done", tries[0][1]
                    if scored:
                        scores = [p for p, _ in tries if p is not None]
                        score = max(scores) if scores else None
            done = status == "done"
            late = due is not None and done and done_at is not None and done_at >= due
            cells[(user_id, assignment_id)] = Cell(
                status, score, done_at, late, overdue_now and not done, lessons_done, lessons_total
            )
    return cells


@dataclass
class GridRow:
    pupil: User
    cells: list[Cell]
    url: str = ""  # the pupil's page in this class
    _rendered: dict = field(default_factory=dict, repr=False, compare=False)  # shared by a grid's rows

    @property
    def done_count(self) -> int:
        return [cell.status for cell in self.cells].count("done")

    @property
    def cells_html(self) -> str:
        """The row's cells as HTML, made here rather than by a template loop: for 40 pupils x 40
        assignments the loop's 1,600 cells were most of the class dashboard's time."""
        rendered = self._rendered  # a class has a handful of different cells, whatever the row
        parts = []
        for c in self.cells:
            key = (c.status, c.score, c.late, c.overdue, c.lessons_done, c.lessons_total)
            html = rendered.get(key)
            if html is None:
                html = rendered[key] = format_html('<td class="{}">{}</td>', c.css_class, c.label)
            parts.append(html)
        return mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html

    def html(self, assignments: int) -> str:
        """The whole ``<tr>``: the pupil's name linked to their page, the cells, "done/assigned"
        (built here too: per row, the template's tags and filters cost more than the cells)."""
        return format_html(
            '<tr><th scope="row"><a href="{}"><bdi>{}</bdi></a></th>{}<td>{}/{}</td></tr>',
            self.url,
            self.pupil,
            self.cells_html,
            self.done_count,
            assignments,
        )


@dataclass
class Grid:
    assignments: list[Assignment]
    rows: list[GridRow]

    def done_by(self, index: int) -> int:
        return [row.cells[index].status for row in self.rows].count("done")

    @property
    def totals(self) -> list[int]:
        return [self.done_by(i) for i in range(len(self.assignments))]

    @property
    def rows_html(self) -> str:
        """Every row of the table body (``GridRow.html``)."""
        assignments = len(self.assignments)
        return mark_safe("".join(row.html(assignments) for row in self.rows))  # noqa: S308 - format_html

    @property
    def head_html(self) -> str:
        """The header's cell per assignment: its title, kind and due date (day/month)."""
        due = _("due")
        return mark_safe(  # noqa: S308 - every part was escaped by format_html
            "".join(
                format_html(
                    '<th scope="col">{}<span class="meta">{}{}</span></th>',
                    a.title,
                    a.get_kind_display(),
                    format_html(" · {} {}", due, date_filter(a.due_on, "j/n")) if a.due_on else "",
                )
                for a in self.assignments
            )
        )

    def remove_forms_html(self, *, classroom_id: int, csrf_token: str) -> str:
        """The "Remove an assignment" list's items: each assignment's title and its delete form."""
        remove = _("Remove")
        token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
        return mark_safe(  # noqa: S308 - every part was escaped by format_html
            "".join(
                format_html(
                    '<li>{} <form class="inline-form" method="post" action="{}">{}'
                    '<button type="submit" class="link-button">{}</button></form></li>',
                    a.title,
                    reverse(
                        "classrooms:assignment_delete", kwargs={"pk": classroom_id, "assignment_id": a.pk}
                    ),
                    token,
                    remove,
                )
                for a in self.assignments
            )
        )

    @property
    def totals_html(self) -> str:
        """The footer's "done by" cells: ``<td>done/pupils</td>`` per assignment."""
        pupils = len(self.rows)
        return mark_safe("".join(f"<td>{total}/{pupils}</td>" for total in self.totals))  # noqa: S308 - ints


def classroom_grid(*, classroom: Classroom, pupils: list[User] | None = None, now=None) -> Grid:
    pupils_in = None
    if pupils is None:
        pupils = pupils_of(classroom=classroom)
        memberships = Membership.objects.filter(classroom=classroom, role=Membership.Role.PUPIL)
        pupils_in = memberships.values("user_id")  # the same pupils, as a subquery
    assignments = assignments_of(classroom_ids=[classroom.pk])
    assignment_ids = [a.id for a in assignments]
    cells = _cells(
        assignments,
        [p.id for p in pupils],
        now or timezone.now(),
        classroom_ids=[classroom.pk],
        pupils_in=pupils_in,
    )
    rendered: dict = {}
    return Grid(
        assignments=assignments,
        rows=[
            GridRow(
                pupil=p,
                cells=[cells[(p.id, a)] for a in assignment_ids],
                url=reverse("classrooms:pupil", kwargs={"pk": classroom.pk, "user_id": p.id}),
                _rendered=rendered,
            )
            for p in pupils
        ],
    )


@dataclass
class PupilAssignment:
    assignment: Assignment
    cell: Cell


@dataclass
class PupilClass:
    classroom: Classroom
    items: list[PupilAssignment]


def classes_for_pupil(*, user, now=None) -> list[PupilClass]:
    """The learner's classes with their assignments by due date and the learner's own status."""
    memberships = list(
        Membership.objects.filter(user=user, role=Membership.Role.PUPIL).select_related(
            "classroom__owner", "classroom__curriculum"
        )
    )
    classrooms = [m.classroom for m in memberships]
    classroom_ids = [c.pk for c in classrooms]
    assignments = assignments_of(classroom_ids=classroom_ids)
    cells = _cells(assignments, [user.pk], now or timezone.now(), classroom_ids=classroom_ids)
    by_class: dict[int, list[PupilAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.classroom_id].append(PupilAssignment(assignment, cells[(user.pk, assignment.pk)]))
    return [PupilClass(classroom=c, items=by_class[c.pk]) for c in classrooms]


# --- Per-question analysis ------------------------------------------------------------------


@dataclass
class QuestionRow:
    number: int
    question: Question
    answers: int
    right: int
    most_chosen_wrong: object = None
    most_chosen_wrong_count: int = 0

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.answers) if self.answers else None


def quizzes_of_curriculum(*, classroom: Classroom) -> list[Quiz]:
    """The quizzes of the class's curriculum (content: from the content cache)."""
    curriculum = classroom.curriculum
    return content_cached(f"curriculum-quizzes:{curriculum.pk}", lambda: _quizzes_of(curriculum))


def _quizzes_of(curriculum) -> list[Quiz]:
    ids = set(
        Lesson.objects.filter(unit__curriculum=curriculum, quiz__isnull=False).values_list(
            "quiz_id", flat=True
        )
    )
    ids |= {i for i in (curriculum.pre_assessment_id, curriculum.post_assessment_id) if i}
    return list(Quiz.objects.filter(pk__in=ids).order_by("kind", "title"))


def quiz_of_classroom(*, classroom: Classroom, quiz_id: int) -> Quiz:
    for quiz in quizzes_of_curriculum(classroom=classroom):
        if quiz.pk == quiz_id:
            return quiz
    raise Http404


def quiz_analysis(*, classroom: Classroom, quiz: Quiz) -> list[QuestionRow]:
    """Each question: answers by the class's pupils in submitted attempts, how many fully right,
    the most chosen wrong option. Three queries."""
    questions = list(
        Question.objects.filter(quiz=quiz, is_active=True).prefetch_related("options").order_by("order")
    )
    pupil_ids = Membership.objects.filter(classroom=classroom, role=Membership.Role.PUPIL).values("user_id")
    answers = Answer.objects.filter(
        question__quiz=quiz, attempt__status=Attempt.Status.SUBMITTED, attempt__user_id__in=pupil_ids
    ).values_list("question_id", "score", "response")
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    wrong: dict[int, Counter] = defaultdict(Counter)
    options = {q.pk: {o.key: o for o in q.options.all()} for q in questions}
    for question_id, score, response in answers:
        if question_id not in options:
            continue
        counts[question_id][0] += 1
        counts[question_id][1] += 1 if score is not None and score >= 1 else 0
        response = response or {}
        chosen = response.get("choice")
        chosen = [chosen] if chosen else response.get("choices") or response.get("flags") or []
        by_key = options[question_id]
        wrong[question_id].update(str(k) for k in chosen if k in by_key and not by_key[k].is_correct)
    rows = []
    for number, question in enumerate(questions, start=1):
        top = wrong[question.pk].most_common(1)
        rows.append(
            QuestionRow(
                number=number,
                question=question,
                answers=counts[question.pk][0],
                right=counts[question.pk][1],
                most_chosen_wrong=options[question.pk][top[0][0]] if top else None,
                most_chosen_wrong_count=top[0][1] if top else 0,
            )
        )
    return rows


# --- Mastery and discernment of the class -------------------------------------------------------


def _as_text(path: str) -> Cast:
    """A JSON column read as its text, for ``_JsonTexts``: a class's answers repeat the same few
    values (a question's techniques or data, a rating), and Django decodes a JSON column per row."""
    return Cast(path, output_field=TextField())


class _JsonTexts(dict):
    """Decodes each distinct JSON text once (the values are shared: read them, never change them)."""

    def __call__(self, text: str | None):
        if text is None:
            return None
        if text not in self:
            self[text] = json.loads(text)
        return self[text]


@dataclass
class ClassMastery:
    technique: Technique
    pupils: int = 0  # pupils with enough answers to judge
    mastered: int = 0
    developing: int = 0
    not_yet: int = 0
    shares: list[float] = field(default_factory=list)

    @property
    def mean_percent(self) -> int | None:
        return round(100 * sum(self.shares) / len(self.shares)) if self.shares else None


def classroom_mastery(*, classroom: Classroom) -> list[ClassMastery]:
    """Each pupil's mastery per technique with the learner dashboard's rule (their last
    WAI_MASTERY_WINDOW graded answers on it), counted for the class. Two queries."""
    window = settings.WAI_MASTERY_WINDOW
    parsed = _JsonTexts()
    pupil_ids = Membership.objects.filter(classroom=classroom, role=Membership.Role.PUPIL).values("user_id")
    recent: dict[tuple[int, str], list[float]] = defaultdict(list)
    for user_id, techniques, score in (
        Answer.objects.filter(
            attempt__user_id__in=pupil_ids, attempt__status=Attempt.Status.SUBMITTED, score__isnull=False
        )
        .order_by("attempt__user_id", "-attempt__submitted_at", "-saved_at")
        .values_list("attempt__user_id", _as_text("question__techniques"), "score")
    ):
        for slug in parsed(techniques) or []:
            if len(recent[(user_id, slug)]) < window:
                recent[(user_id, slug)].append(score)
    result = {t.slug: ClassMastery(technique=t) for t in curricula_selectors.techniques()}
    for (_user_id, slug), scores in recent.items():
        item = result.get(slug)
        if item is None or len(scores) < settings.WAI_MASTERY_MIN_ANSWERS:
            continue
        share = sum(1 for s in scores if s >= 1) / len(scores)
        item.pupils += 1
        item.shares.append(share)
        if share >= 0.8:
            item.mastered += 1
        elif share >= 0.5:
            item.developing += 1
        else:
            item.not_yet += 1
    return list(result.values())


@dataclass
class ClassDiscernment:
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    n_both: int
    change: float | None  # mean of (after - before) over the pupils who took both


def _mean(values):
    return sum(values) / len(values) if values else None


def classroom_discernment(*, classroom: Classroom) -> ClassDiscernment | None:
    """Discernment of each pupil's first submitted pre- and post-assessment. Two queries."""
    curriculum = classroom.curriculum
    quiz_ids = [i for i in (curriculum.pre_assessment_id, curriculum.post_assessment_id) if i]
    if not quiz_ids:
        return None
    pupil_ids = Membership.objects.filter(classroom=classroom, role=Membership.Role.PUPIL).values("user_id")
    first: dict[tuple[int, int], int] = {}
    first_at: dict[int, dict] = defaultdict(dict)
    for attempt_id, user_id, quiz_id, submitted_at in (
        Attempt.objects.filter(user_id__in=pupil_ids, quiz_id__in=quiz_ids, status=Attempt.Status.SUBMITTED)
        .order_by("submitted_at")
        .values_list("pk", "user_id", "quiz_id", "submitted_at")
    ):
        first.setdefault((user_id, quiz_id), attempt_id)
        first_at[user_id].setdefault(quiz_id, submitted_at)
    owner_of = {attempt_id: key for key, attempt_id in first.items()}
    ratings: dict[tuple[int, int], list] = defaultdict(list)
    parsed = _JsonTexts()
    for attempt_id, data, response in Answer.objects.filter(
        attempt_id__in=list(owner_of), question__type="rating"
    ).values_list("attempt_id", _as_text("question__data"), _as_text("response")):
        data, response = parsed(data), parsed(response)
        if isinstance((response or {}).get("rating"), int):
            ratings[owner_of[attempt_id]].append((bool((data or {}).get("reliable")), response["rating"]))
    scores = {key: discernment(values).discernment for key, values in ratings.items()}
    # The forms are counterbalanced: "before" is whichever form a pupil submitted first.
    before, after = {}, {}
    for user_id, times in first_at.items():
        before_id, after_id = before_and_after(times, tuple(quiz_ids))
        if scores.get((user_id, before_id)) is not None:
            before[user_id] = scores[(user_id, before_id)]
        if after_id is not None and scores.get((user_id, after_id)) is not None:
            after[user_id] = scores[(user_id, after_id)]
    both = set(before) & set(after)
    return ClassDiscernment(
        before=_mean(list(before.values())),
        after=_mean(list(after.values())),
        n_before=len(before),
        n_after=len(after),
        n_both=len(both),
        change=_mean([after[u] - before[u] for u in both]),
    )


# --- Teacher's home -----------------------------------------------------------------------------


@dataclass
class TeacherHome:
    classrooms: list[Classroom]
    due_this_week: list[Assignment]
    not_started: list[Membership]


def teacher_home(*, user, today: date | None = None) -> TeacherHome:
    today = today or timezone.localdate()
    pupils = Membership.objects.filter(classroom=OuterRef("pk"), role=Membership.Role.PUPIL)
    classrooms = list(
        Classroom.objects.filter(
            Q(owner=user)
            | Q(pk__in=Membership.objects.filter(user=user, role=CO_TEACHER).values("classroom_id"))
        )
        .select_related("curriculum")
        .annotate(
            pupil_count=Coalesce(
                Subquery(pupils.values("classroom_id").annotate(n=Count("pk")).values("n")[:1]), 0
            )
        )
        .order_by("status", "-created")
    )
    active = [c.pk for c in classrooms if not c.is_archived]
    for classroom in classrooms:
        classroom.viewer_role = OWNER if classroom.owner_id == user.pk else CO_TEACHER
    due = list(
        Assignment.objects.filter(
            classroom_id__in=active, due_on__gte=today, due_on__lt=today + timedelta(days=7)
        )
        .select_related("classroom", "lesson__unit__curriculum", "unit", "quiz")
        .order_by("due_on", "created")
    )
    not_started = list(
        Membership.objects.filter(classroom_id__in=active, role=Membership.Role.PUPIL)
        .annotate(
            has_progress=Exists(LessonProgress.objects.filter(user_id=OuterRef("user_id"))),
            has_attempt=Exists(
                Attempt.objects.filter(user_id=OuterRef("user_id"), status=Attempt.Status.SUBMITTED)
            ),
        )
        .filter(has_progress=False, has_attempt=False)
        .select_related("classroom")
        .only(
            "classroom__name",
            "classroom__id",
            "user__id",
            "user__username",
            "user__display_name",
            "joined_at",
        )
        .select_related("user")
        .order_by("classroom__name", "user__display_name")
    )
    return TeacherHome(classrooms=classrooms, due_this_week=due, not_started=not_started)


def classroom_role_for(*, user, classroom: Classroom) -> str | None:
    if classroom.owner_id == user.pk:
        return OWNER
    role = Membership.objects.filter(classroom=classroom, user=user).values_list("role", flat=True).first()
    return {Membership.Role.CO_TEACHER: CO_TEACHER, Membership.Role.PUPIL: PUPIL}.get(role)
