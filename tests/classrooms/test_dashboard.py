"""The class dashboard on known data, with a frozen clock: the grid, the per-question analysis,
mastery and discernment; the CSV exports give the same numbers; constant query counts."""

import csv
import html as html_lib
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from literacy.classrooms import selectors
from literacy.classrooms.exports import csv_bytes, safe_cell
from literacy.classrooms.models import Assignment, Membership
from literacy.curricula.models import Technique
from literacy.progress.services import lesson_progress_complete, lesson_progress_start
from quizzes.models import Question
from tests.classrooms.conftest import answer_quiz, option_key
from tests.factories import ClassroomFactory, PupilFactory

pytestmark = pytest.mark.django_db
BAGHDAD = ZoneInfo("Asia/Baghdad")


def at(day, hour=10):
    return time_machine.travel(datetime(2026, 3, day, hour, tzinfo=BAGHDAD), tick=False)


def _right(question):
    return {"choice": option_key(question, correct=True)}


def _wrong(question):
    return {"choice": option_key(question, correct=False)}


@pytest.fixture
def known(cast, course, settings):
    """Three pupils, four assignments; "now" is 10 March 2026."""
    settings.WAI_MASTERY_MIN_ANSWERS = 1
    Technique.objects.create(slug="emotion", name="استغلال العواطف")
    classroom = cast.classroom
    ali = cast.pupil
    huda, sajad = PupilFactory(display_name="هدى"), PupilFactory(display_name="سجاد")
    for pupil in (huda, sajad):
        Membership.objects.create(classroom=classroom, user=pupil)
    l1, l2, _l3 = course.test_lessons
    a_lesson = Assignment.objects.create(
        classroom=classroom, kind="lesson", lesson=l1, due_on=date(2026, 3, 5)
    )
    a_quiz = Assignment.objects.create(
        classroom=classroom, kind="quiz", quiz=course.test_check, due_on=date(2026, 3, 15)
    )
    a_unit = Assignment.objects.create(classroom=classroom, kind="unit", unit=course.test_units[0])
    a_pre = Assignment.objects.create(classroom=classroom, kind="pre", quiz=course.pre_assessment)
    with at(4):
        lesson_progress_complete(lesson=l1, user=ali)
        answer_quiz(course.pre_assessment, ali, {"r1": {"rating": 6}, "m1": {"rating": 2}})
        answer_quiz(course.pre_assessment, huda, {"r1": {"rating": 4}, "m1": {"rating": 4}})
    with at(5, 23):  # still on the due day in Baghdad
        lesson_progress_start(lesson=l2, user=ali)
    with at(7):
        lesson_progress_complete(lesson=l1, user=huda)
    with at(9):
        answer_quiz(course.test_check, ali, {"single": _right})
        answer_quiz(course.test_check, huda, {"single": _wrong})
        answer_quiz(course.post_assessment, ali, {"r2": {"rating": 7}, "m2": {"rating": 1}})
    return {
        "classroom": classroom,
        "pupils": {"ali": ali, "huda": huda, "sajad": sajad},
        "assignments": [a_lesson, a_quiz, a_unit, a_pre],
    }


def _row(grid, pupil):
    return next(row for row in grid.rows if row.pupil.pk == pupil.pk)


def test_grid_on_known_data(known):
    with at(10):
        grid = selectors.classroom_grid(classroom=known["classroom"])
    p = known["pupils"]
    assert [a.kind for a in grid.assignments] == ["lesson", "quiz", "unit", "pre"]  # by due date
    ali, huda, sajad = _row(grid, p["ali"]).cells, _row(grid, p["huda"]).cells, _row(grid, p["sajad"]).cells
    assert (ali[0].status, ali[0].late, ali[0].overdue) == ("done", False, False)
    assert (huda[0].status, huda[0].late) == ("done", True)
    assert (sajad[0].status, sajad[0].overdue) == ("not_started", True)
    assert (ali[1].status, ali[1].score, huda[1].score, sajad[1].overdue) == ("done", 100, 0, False)
    assert (ali[2].status, ali[2].lessons_done, ali[2].lessons_total) == ("started", 1, 2)
    assert (huda[2].status, sajad[2].status) == ("started", "not_started")
    assert (ali[3].status, huda[3].status, sajad[3].status) == ("done", "done", "not_started")
    assert ali[3].score is None  # assessments have no mark
    assert grid.totals == [2, 2, 0, 2]
    assert [_row(grid, p[n]).done_count for n in ("ali", "huda", "sajad")] == [3, 3, 0]


def test_after_the_due_date_passes_the_quiz_is_overdue(known):
    with at(16):
        grid = selectors.classroom_grid(classroom=known["classroom"])
    assert _row(grid, known["pupils"]["sajad"]).cells[1].overdue
    assert not _row(grid, known["pupils"]["ali"]).cells[1].late


def test_pupils_see_their_assignments_by_due_date_with_overdue_and_done(client, known):
    client.force_login(known["pupils"]["sajad"])
    with at(10):
        html = client.get(reverse("classrooms:mine")).content.decode()
    titles = [a.title for a in known["assignments"]]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert html.count("cell-overdue") == 1
    client.force_login(known["pupils"]["ali"])
    with at(10):
        html = client.get(reverse("classrooms:mine")).content.decode()
    assert html.count("badge badge-done") == 3


def _csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _text(fragment):
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_the_grid_csv_has_the_numbers_of_the_screen(client, known):
    client.force_login(known["classroom"].owner)
    pk = known["classroom"].pk
    with at(10):
        page = client.get(reverse("classrooms:detail", kwargs={"pk": pk})).content.decode()
        rows = _csv(client.get(reverse("classrooms:grid_csv", kwargs={"pk": pk})))
    screen = []
    for tr in re.findall(r"<tr><th scope=\"row\"><a.*?</tr>", page, flags=re.S):
        cells = [_text(td) for td in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.S)]
        screen.append(cells)
    assert len(rows) == 4 and len(screen) == 3
    header, body = rows[0], rows[1:]
    assert len(header) == 2 + 4 + 1
    for csv_row, screen_row in zip(body, screen, strict=True):
        name, _username, *cells, done = csv_row
        assert screen_row[0] == name
        assert screen_row[1:-1] == cells
        assert screen_row[-1] == f"{done}/4"
    by_name = {row[0]: row for row in body}
    assert by_name["سجاد"][6] == "0" and by_name["علي"][6] == "3"
    assert "100%" in by_name["علي"][3] and "0%" in by_name["هدى"][3]


def test_question_analysis_on_screen_and_in_csv(client, known, course):
    client.force_login(known["classroom"].owner)
    pk, quiz = known["classroom"].pk, course.test_check
    rows = selectors.quiz_analysis(classroom=known["classroom"], quiz=quiz)
    question = Question.objects.get(quiz=quiz, key="single")
    wrong = question.options.get(key=option_key(question, correct=False))
    assert len(rows) == 1
    row = rows[0]
    assert (row.answers, row.right, row.percent_right) == (2, 1, 50)
    assert row.most_chosen_wrong == wrong and row.most_chosen_wrong_count == 1
    html = client.get(
        reverse("classrooms:quiz_analysis", kwargs={"pk": pk, "quiz_id": quiz.pk})
    ).content.decode()
    assert "50%" in html and wrong.text in html and question.explanation in html
    data = _csv(client.get(reverse("classrooms:quiz_analysis_csv", kwargs={"pk": pk, "quiz_id": quiz.pk})))
    assert data[1] == ["1", question.prompt, "2", "50", wrong.text, "1", question.explanation]


def test_answers_of_pupils_outside_the_class_do_not_count(known, course, cast):
    answer_quiz(course.test_check, cast.other_pupil, {"single": _wrong})
    (row,) = selectors.quiz_analysis(classroom=known["classroom"], quiz=course.test_check)
    assert row.answers == 2


def test_class_discernment_before_and_after(known, client):
    result = selectors.classroom_discernment(classroom=known["classroom"])
    # Ali: before 6-2 = 4, after 7-1 = 6; Huda: before 4-4 = 0, no post.
    assert (result.n_before, result.n_after, result.n_both) == (2, 1, 1)
    assert result.before == pytest.approx(2.0)
    assert result.after == pytest.approx(6.0)
    assert result.change == pytest.approx(2.0)
    client.force_login(known["classroom"].owner)
    html = client.get(reverse("classrooms:detail", kwargs={"pk": known["classroom"].pk})).content.decode()
    # One number style: Western digits, no decimal comma, each number isolated left-to-right.
    assert '<bdi dir="ltr" class="num">2</bdi>' in html and '<bdi dir="ltr" class="num">6</bdi>' in html
    assert "2,00" not in html


def test_class_mastery_per_technique(known):
    emotion = next(
        m for m in selectors.classroom_mastery(classroom=known["classroom"]) if m.technique.slug == "emotion"
    )
    assert (emotion.pupils, emotion.mastered, emotion.developing, emotion.not_yet) == (2, 1, 0, 1)
    assert emotion.mean_percent == 50


def test_teacher_home_due_this_week_and_pupils_not_started(client, known):
    client.force_login(known["classroom"].owner)
    with at(10):
        home = selectors.teacher_home(user=known["classroom"].owner)
        html = client.get(reverse("classrooms:list")).content.decode()
    assert [a.kind for a in home.due_this_week] == ["quiz"]  # due on 15 March
    assert [m.user.display_name for m in home.not_started] == ["سجاد"]
    assert home.classrooms[0].pupil_count == 3
    assert "سجاد" in html and known["assignments"][1].title in html


@pytest.mark.parametrize("value", ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_csv_cells_are_formula_safe(value):
    assert safe_cell(value) == "'" + value
    content = csv_bytes([[value, "علي"]]).decode("utf-8")
    assert content.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(content[1:])))[0] == "'" + value


def test_a_pupil_named_like_a_formula_is_neutralised_in_the_export(client, cast, course):
    Membership.objects.create(classroom=cast.classroom, user=PupilFactory(display_name="=cmd|'/c calc'!A1"))
    Assignment.objects.create(classroom=cast.classroom, kind="pre", quiz=course.pre_assessment)
    client.force_login(cast.owner)
    rows = _csv(client.get(reverse("classrooms:grid_csv", kwargs={"pk": cast.classroom.pk})))
    assert "'=cmd|'/c calc'!A1" in [row[0] for row in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# --- Query counts ----------------------------------------------------------------------------------


def _class_of(cast, course, pupils: int, assignments: int):
    classroom = cast.classroom
    kinds = [
        {"kind": "lesson", "lesson": course.test_lessons[0]},
        {"kind": "quiz", "quiz": course.test_check},
        {"kind": "unit", "unit": course.test_units[0]},
        {"kind": "pre", "quiz": course.pre_assessment},
        {"kind": "post", "quiz": course.post_assessment},
    ]
    for n in range(assignments):
        Assignment.objects.create(classroom=classroom, due_on=date(2026, 3, 1 + n), **kinds[n % len(kinds)])
    for _ in range(pupils - 1):  # the cast's pupil is already in
        pupil = PupilFactory()
        Membership.objects.create(classroom=classroom, user=pupil)
        lesson_progress_complete(lesson=course.test_lessons[0], user=pupil)
        answer_quiz(course.test_check, pupil, {"single": _right})
        answer_quiz(course.pre_assessment, pupil, {"r1": {"rating": 5}, "m1": {"rating": 3}})
    return classroom


PAGES = ["classrooms:detail", "classrooms:grid_csv", "classrooms:list"]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_dashboard_query_count_is_constant(client, cast, course, name, django_assert_max_num_queries):
    client.force_login(cast.owner)
    classroom = _class_of(cast, course, pupils=5, assignments=1)
    url = reverse(name, kwargs={"pk": classroom.pk} if name != "classrooms:list" else {})
    small = _count(client, url)
    Assignment.objects.filter(classroom=classroom).delete()
    _class_of(cast, course, pupils=26, assignments=10)  # 30 pupils, 10 assignments
    assert Membership.objects.filter(classroom=classroom, role="pupil").count() == 30
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    print(f"{name}: {small} queries for 5 pupils x 1 assignment and for 30 x 10")


def test_question_analysis_and_pupil_pages_query_counts_are_constant(
    client, cast, course, django_assert_max_num_queries
):
    client.force_login(cast.owner)
    classroom = _class_of(cast, course, pupils=5, assignments=1)
    analysis = reverse(
        "classrooms:quiz_analysis", kwargs={"pk": classroom.pk, "quiz_id": course.test_check.pk}
    )
    pupil = reverse("classrooms:pupil", kwargs={"pk": classroom.pk, "user_id": cast.pupil.pk})
    small = {url: _count(client, url) for url in (analysis, pupil)}
    _class_of(cast, course, pupils=26, assignments=10)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            client.get(url)


def test_the_pupils_class_page_query_count_is_constant(client, cast, course, django_assert_max_num_queries):
    client.force_login(cast.pupil)
    _class_of(cast, course, pupils=1, assignments=1)
    url = reverse("classrooms:mine")
    small = _count(client, url)
    other = ClassroomFactory(curriculum=course)
    Membership.objects.create(classroom=other, user=cast.pupil)
    Assignment.objects.filter(classroom=cast.classroom).delete()
    _class_of(cast, course, pupils=1, assignments=10)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    print(f"classrooms:mine: {small} queries")
