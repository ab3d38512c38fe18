"""Coverage of the real content, asserted from the loaded database so that it cannot silently regress.

What is asserted comes from the school-curricula and university issues ("## Tests", "Totals across
the site"), ../shared/CONTENT_GUIDE.md and docs/content-authoring.md ("Pools, rounds and credit",
"Positions and cues", "Style decisions"). When a test here fails, fix the content, not the test.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from literacy.core.arabic import normalize_arabic
from literacy.curricula.loader import read_content
from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique
from quizzes.audit import lopsided_report
from quizzes.models import Option, Question, Quiz
from tests.conftest import ROOT
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

CONTENT = ROOT / "content"
# In CI a copy of shared/ sits beside the clone, exactly as ../shared does in development.
SOURCES = Path(settings.BASE_DIR).parent / "shared" / "sources"

# slug -> minimum number of lessons
CURRICULA = {"school-intermediate": 8, "school-preparatory": 10, "university": 10}
COMMUNITY_MIN_LESSONS = 8
SITE_MIN_LESSONS = 36
SITE_MIN_QUESTIONS = 400
CHECK_MIN_DRAW = 5
CHECK_POOL_FACTOR = 2
CHECK_MIN_TYPES = 3
POSTED_TYPES = {Question.Type.RATING, Question.Type.RED_FLAGS}
ASSESSMENT_MIN_ITEMS = 12
BOOSTER_POOL_FACTOR = 3
TECHNIQUE_MIN_LESSONS = 2
TECHNIQUE_MIN_QUESTIONS = 10
TRUE_SHARE = (0.35, 0.65)
# audience -> (min, max) words of the lesson body
WORDS = {
    "school-intermediate": (400, None),
    "school-preparatory": (400, None),
    "university": (700, None),
    "community": (200, 450),
}
NGRAM = 7
EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian digits
HTML_RTL = '<html lang="ar" dir="rtl">'
PRINT_LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]*/css/print[^"]*\.css)" media="print">')


def published_lessons(curriculum: Curriculum):
    return list(
        Lesson.objects.filter(unit__curriculum=curriculum, is_published=True, unit__is_published=True)
        .select_related("quiz", "unit__curriculum")
        .order_by("unit__order", "order")
    )


def active(quiz: Quiz):
    return list(quiz.questions.filter(is_active=True))


def fail_on(problems: list[str], heading: str) -> None:
    assert not problems, f"{heading} ({len(problems)}):\n  " + "\n  ".join(problems)


# --- 1. Per curriculum -----------------------------------------------------------------------


def knowledge_check_problems(lesson: Lesson, *, where: str) -> list[str]:
    quiz = lesson.quiz
    if quiz is None:
        return [f"{where}: lesson {lesson.slug} has no knowledge-check quiz"]
    problems = []
    name = f"{where}: lesson {lesson.slug}, quiz {quiz.slug}"
    if quiz.kind != Quiz.Kind.KNOWLEDGE_CHECK:
        problems.append(f"{name}: kind is {quiz.kind}, not knowledge_check")
    if not quiz.is_published:
        problems.append(f"{name}: not published")
    pool = active(quiz)
    if quiz.draw < CHECK_MIN_DRAW:
        problems.append(f"{name}: draw is {quiz.draw}, needs at least {CHECK_MIN_DRAW}")
    if len(pool) < CHECK_POOL_FACTOR * max(quiz.draw, CHECK_MIN_DRAW):
        problems.append(
            f"{name}: active pool of {len(pool)} for a draw of {quiz.draw}, "
            f"needs at least {CHECK_POOL_FACTOR} x draw"
        )
    types = {q.type for q in pool}
    if len(types) < CHECK_MIN_TYPES:
        problems.append(f"{name}: {len(types)} question types {sorted(types)}, needs {CHECK_MIN_TYPES}")
    if not types & POSTED_TYPES:
        problems.append(f"{name}: no rating or red_flags item in the pool (types {sorted(types)})")
    return problems


def post_texts(questions) -> set[str]:
    return {normalize_arabic((q.post or {}).get("text", "")) for q in questions} - {""}


def assessment_problems(curriculum: Curriculum) -> list[str]:
    where = f"curriculum {curriculum.slug}"
    pre, post = curriculum.pre_assessment, curriculum.post_assessment
    problems = []
    if pre is None or post is None:
        return [f"{where}: pre_assessment is {pre and pre.slug}, post_assessment is {post and post.slug}"]
    for quiz, kind, form in ((pre, Quiz.Kind.PRE_ASSESSMENT, "A"), (post, Quiz.Kind.POST_ASSESSMENT, "B")):
        name = f"{where}: {quiz.slug}"
        if quiz.kind != kind:
            problems.append(f"{name}: kind is {quiz.kind}, not {kind}")
        if quiz.form != form:
            problems.append(f"{name}: form is {quiz.form!r}, not {form!r}")
        if not quiz.is_published:
            problems.append(f"{name}: not published")
        items = active(quiz)
        types = Counter(q.type for q in items)
        if set(types) != {Question.Type.RATING}:
            problems.append(f"{name}: only rating items belong in an assessment, found {dict(types)}")
        ratings = [q for q in items if q.type == Question.Type.RATING]
        if len(ratings) < ASSESSMENT_MIN_ITEMS:
            problems.append(f"{name}: {len(ratings)} rating items, needs at least {ASSESSMENT_MIN_ITEMS}")
        reliable = sum(bool(q.data.get("reliable")) for q in ratings)
        if reliable != len(ratings) - reliable:
            problems.append(f"{name}: {reliable} reliable vs {len(ratings) - reliable} manipulative posts")
        if quiz.draw and quiz.draw < len(items):
            problems.append(f"{name}: draws {quiz.draw} of {len(items)}; a parallel form shows every item")
    if post.pre_assessment_id != pre.pk:
        paired = post.pre_assessment.slug if post.pre_assessment else None
        problems.append(f"{where}: {post.slug}.pre_assessment is {paired}, not {pre.slug}")
    shared = post_texts(active(pre)) & post_texts(active(post))
    if shared:
        problems.append(
            f"{where}: {len(shared)} post text(s) appear in both {pre.slug} and {post.slug}: "
            + " | ".join(sorted(text[:80] for text in shared))
        )
    return problems


def booster_problems(curriculum: Curriculum) -> list[str]:
    where = f"curriculum {curriculum.slug}"
    booster = curriculum.booster
    if booster is None:
        return [f"{where}: no booster"]
    name = f"{where}: {booster.slug}"
    problems = []
    if booster.kind != Quiz.Kind.BOOSTER:
        problems.append(f"{name}: kind is {booster.kind}, not booster")
    if not booster.is_published:
        problems.append(f"{name}: not published")
    pool = active(booster)
    if booster.draw < 1:
        problems.append(f"{name}: draw is 0 (all items every round), so no round can bring unseen items")
    if len(pool) < BOOSTER_POOL_FACTOR * booster.draw:
        problems.append(
            f"{name}: active pool of {len(pool)} for a draw of {booster.draw}, "
            f"needs at least {BOOSTER_POOL_FACTOR} x draw = {BOOSTER_POOL_FACTOR * booster.draw}"
        )
    return problems


@pytest.mark.parametrize("slug", sorted(CURRICULA))
def test_school_and_university_curricula_are_complete(community, slug):
    curriculum = Curriculum.objects.select_related(
        "pre_assessment", "post_assessment__pre_assessment", "booster"
    ).get(slug=slug)
    where = f"curriculum {slug}"
    lessons = published_lessons(curriculum)
    problems = []
    if not curriculum.is_published:
        problems.append(f"{where}: not published")
    if len(lessons) < CURRICULA[slug]:
        problems.append(f"{where}: {len(lessons)} published lessons, needs at least {CURRICULA[slug]}")
    for lesson in lessons:
        if not lesson.teacher_guide_source.strip() or not lesson.teacher_guide_html.strip():
            problems.append(f"{where}: lesson {lesson.slug} has no teacher's guide")
        problems += knowledge_check_problems(lesson, where=where)
    problems += assessment_problems(curriculum)
    problems += booster_problems(curriculum)
    fail_on(problems, f"{where} is incomplete")


def test_community_track_has_eight_lessons_with_pooled_knowledge_checks(community):
    lessons = published_lessons(community)
    problems = []
    if len(lessons) < COMMUNITY_MIN_LESSONS:
        problems.append(
            f"community: {len(lessons)} published lessons, needs at least {COMMUNITY_MIN_LESSONS}"
        )
    for lesson in lessons:
        quiz = lesson.quiz
        if quiz is None:
            problems.append(f"community: lesson {lesson.slug} has no knowledge-check quiz")
            continue
        pool = len(active(quiz))
        if quiz.kind != Quiz.Kind.KNOWLEDGE_CHECK or not quiz.is_published:
            problems.append(
                f"community: {lesson.slug} -> {quiz.slug} is a {quiz.kind}, published={quiz.is_published}"
            )
        if not 0 < quiz.draw < pool:
            problems.append(
                f"community: {lesson.slug} -> {quiz.slug} draws {quiz.draw} of {pool} active questions, "
                "so it is not drawn from a pool"
            )
    fail_on(problems, "the community track is incomplete")


# --- 2. Every technique taught and tested ----------------------------------------------------


def test_every_technique_is_taught_in_two_lessons_and_tested_by_ten_questions(community):
    techniques = list(Technique.objects.values_list("slug", flat=True))
    listed = {item["slug"] for item in read_content(CONTENT).techniques}
    assert set(techniques) == listed, (
        f"database techniques {sorted(techniques)} != techniques.yaml {sorted(listed)}"
    )
    taught = Counter(
        Lesson.objects.filter(
            is_published=True, unit__is_published=True, unit__curriculum__is_published=True
        ).values_list("techniques__slug", flat=True)
    )
    # A question tests a technique when it is tagged with it, or when it is a name-the-technique item
    # whose right answer is that technique (a distractor is not what the item tests).
    right_options = Option.objects.filter(question__type=Question.Type.TECHNIQUE, is_correct=True)
    correct_technique = {o.question_id: o.technique for o in right_options.exclude(technique="")}
    tested = Counter()
    for question in Question.objects.filter(is_active=True).only("pk", "techniques"):
        for slug in set(question.techniques or []) | ({correct_technique.get(question.pk)} - {None}):
            tested[slug] += 1
    problems = []
    for slug in techniques:
        if taught[slug] < TECHNIQUE_MIN_LESSONS:
            problems.append(
                f"{slug}: tagged in {taught[slug]} published lesson(s), needs {TECHNIQUE_MIN_LESSONS}"
            )
        if tested[slug] < TECHNIQUE_MIN_QUESTIONS:
            problems.append(
                f"{slug}: tested by {tested[slug]} active question(s), needs {TECHNIQUE_MIN_QUESTIONS}"
            )
    fail_on(problems, "techniques not taught or tested enough")


# --- 3. Site totals and key balance ----------------------------------------------------------


def test_site_totals_and_true_false_balance(community):
    lessons = Lesson.objects.filter(
        is_published=True, unit__is_published=True, unit__curriculum__is_published=True
    ).count()
    questions = Question.objects.filter(is_active=True).count()
    assert lessons >= SITE_MIN_LESSONS, f"the site has {lessons} published lessons, needs {SITE_MIN_LESSONS}"
    assert questions >= SITE_MIN_QUESTIONS, (
        f"the site has {questions} active questions, needs {SITE_MIN_QUESTIONS}"
    )

    keys = Counter(
        Option.objects.filter(
            question__type=Question.Type.TRUE_FALSE, question__is_active=True, is_correct=True
        ).values_list("key", flat=True)
    )
    total = keys["true"] + keys["false"]
    assert total, "no true/false question on the site"
    low, high = TRUE_SHARE
    assert low <= keys["true"] / total <= high, (
        f"true/false keys: {keys['true']} of {total} are true ({keys['true'] / total:.0%}); "
        f"keep {low:.0%}-{high:.0%}"
    )


def test_no_lopsided_answer_keys():
    report = lopsided_report(read_content(CONTENT).quizzes)
    fail_on(report, "answer cues (load_content --check prints these as lopsided)")


# --- 4. Lesson lengths -----------------------------------------------------------------------


def test_lesson_word_counts_fit_their_audience(community):
    problems = []
    for lesson in Lesson.objects.filter(is_published=True).select_related("unit__curriculum"):
        audience = lesson.unit.curriculum.audience
        low, high = WORDS[audience]
        words = len(re.findall(r"\w+", lesson.body_source))  # the body alone: no front matter, no guide
        if words < low or (high is not None and words > high):
            wanted = f"{low}-{high}" if high else f"at least {low}"
            problems.append(f"{lesson.unit.curriculum.slug}/{lesson.slug}: {words} words, wanted {wanted}")
    fail_on(problems, "lessons of the wrong length")


# --- 5. Originality against the source paper -------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize_arabic(text))


def ngrams(tokens: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def strings(value):
    """Every string in a JSON value (a simulated post: author, handle, text, image_alt...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def our_texts():
    """(where, text) for every piece of writing of ours; each field on its own, so that no sequence
    spans two fields."""
    for c in Curriculum.objects.all():
        yield f"curriculum {c.slug}: description", c.description
    for t in Technique.objects.all():
        yield f"technique {t.slug}", t.description
    for g in GlossaryTerm.objects.all():
        yield f"glossary {g.term}", g.definition
    for lesson in Lesson.objects.all():
        name = f"lesson {lesson.slug}"
        yield f"{name}: body", lesson.body_source
        yield f"{name}: teacher's guide", lesson.teacher_guide_source
        yield f"{name}: summary", lesson.summary
        for objective in lesson.objectives:
            yield f"{name}: objective", objective
    for quiz in Quiz.objects.all():
        yield f"quiz {quiz.slug}: description", quiz.description
    for q in Question.objects.select_related("quiz"):
        name = f"quiz {q.quiz.slug} question {q.key}"
        yield f"{name}: prompt", q.prompt
        yield f"{name}: explanation", q.explanation
        for text in strings(q.data):
            yield f"{name}: feedback", text
        for text in strings(q.post):
            yield f"{name}: post", text
    for o in Option.objects.select_related("question__quiz"):
        name = f"quiz {o.question.quiz.slug} question {o.question.key} option {o.key}"
        yield f"{name}: text", o.text
        yield f"{name}: feedback", o.feedback
        for text in strings(o.post):
            yield f"{name}: post", text


def test_no_seven_word_sequence_of_the_source_paper_in_our_content(community):
    if not SOURCES.is_dir():
        pytest.fail(
            f"the source paper folder {SOURCES} is missing: the originality test needs ../shared/sources/ "
            "beside the clone (in CI a copy of shared/ sits there)",
            pytrace=False,
        )
    papers = sorted(SOURCES.glob("*.txt"))
    if not papers:
        pytest.fail(f"no *.txt source paper in {SOURCES}", pytrace=False)
    source = set()
    for paper in papers:
        source |= ngrams(words(paper.read_text(encoding="utf-8")))
    assert len(source) > 1000, (
        f"the source papers in {SOURCES} yield only {len(source)} {NGRAM}-word sequences"
    )

    copied: dict[str, set[str]] = {}
    for where, text in our_texts():
        for gram in ngrams(words(text)) & source:
            copied.setdefault(" ".join(gram), set()).add(where)
    fail_on(
        [f"«{gram}» in {', '.join(sorted(places))}" for gram, places in sorted(copied.items())],
        f"{NGRAM}-word sequences of the source paper ({', '.join(p.name for p in papers)}) in our content",
    )


# --- 6. Pages render and print ---------------------------------------------------------------


def page_problems(response, *, name: str, body_marker: str = "") -> list[str]:
    if response.status_code != 200:
        return [f"{name}: status {response.status_code}"]
    html = response.content.decode()
    problems = []
    if HTML_RTL not in html:
        problems.append(f"{name}: no {HTML_RTL}")
    if not PRINT_LINK.search(html):
        problems.append(f"{name}: no print stylesheet (<link ... css/print.css media=print>)")
    if body_marker and body_marker not in html:
        problems.append(f"{name}: {body_marker!r} missing")
    return problems


def test_every_lesson_guide_and_quiz_page_renders_and_prints(community, client):
    css = finders.find("css/print.css")
    assert css, "static/css/print.css is missing"
    rules = Path(css).read_text(encoding="utf-8")
    assert "@page" in rules and "A4" in rules, "print.css does not set an A4 page"
    assert ".no-print" in rules, "print.css does not hide .no-print (navigation, buttons)"

    client.force_login(TeacherFactory())
    lessons = Lesson.objects.filter(
        is_published=True, unit__is_published=True, unit__curriculum__is_published=True
    ).select_related("unit__curriculum")
    assert lessons.count() >= SITE_MIN_LESSONS, f"only {lessons.count()} published lessons to render"
    problems = []
    printed = None
    for lesson in lessons:
        name = f"{lesson.unit.curriculum.slug}/{lesson.slug}"
        response = client.get(lesson.get_absolute_url())
        problems += page_problems(response, name=f"lesson {name}", body_marker='class="lesson-body"')
        if response.status_code == 200:
            html = response.content.decode()
            if "data-print" not in html:
                problems.append(f"lesson {name}: no print button")
            printed = printed or PRINT_LINK.search(html)
        kwargs = {"curriculum": lesson.unit.curriculum.slug, "slug": lesson.slug}
        response = client.get(reverse("curricula:guide", kwargs=kwargs))
        problems += page_problems(response, name=f"guide {name}", body_marker="data-print")
        if response.status_code == 200 and lesson.teacher_guide_html[:200] not in response.content.decode():
            problems.append(f"guide {name}: the page does not show the lesson's teacher's guide")
    for quiz in Quiz.objects.filter(is_published=True):
        problems += page_problems(client.get(quiz.get_absolute_url()), name=f"quiz {quiz.slug}")
    if printed:
        assert client.get(printed["href"]).status_code == 200, f"{printed['href']} is not served"
    fail_on(problems, "pages that do not render or print")


# --- 7. One digit style ----------------------------------------------------------------------


def test_no_eastern_arabic_digits_in_content():
    problems = []
    for path in sorted(p for p in CONTENT.rglob("*") if p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = EASTERN_DIGITS.findall(line)
            if found:
                problems.append(f"{path.relative_to(ROOT)}:{number}: {''.join(found)} in {line.strip()[:80]}")
    fail_on(problems, "Eastern Arabic digits (docs/content-authoring.md chose Western digits 0-9)")
