"""Hostile input in every free-text field, shown everywhere it goes.

Names of learners, teachers, pupils, classes and schools, and search queries, are drawn by
hypothesis from Arabic, mixed-direction text, bidi control characters (U+202E...), HTML, script,
template and spreadsheet-formula payloads and arbitrary Unicode. Each is typed into the real form
and then looked for where a person meets it: the pages (as text: had any of it been taken for
markup, the text would not be there), the CSV exports (formula-safe), the JSON export, the booster
e-mail and the sign-up e-mail (from the outbox), the certificate (page and PDF text) and the
printed login cards with their QR code. Bidi embedding/override/isolate controls are removed when
the text is typed (``literacy.core.text.clean_line``), so a name cannot reverse what follows it in a
CSV row or on a certificate.

Campaign texts (NGO campaign links) are left to the campaigns app's own tests: the app was being
built alongside this file (see docs/security.md).

Lesson content is trusted in format, not in content: the loader refuses raw HTML and unsafe links,
and the sanitiser (nh3) strips script, event handlers and javascript: links whatever gets through.
"""

import csv
import io
import itertools
import json
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from literacy.core.text import BIDI_CONTROLS, clean_line
from tests.conftest import ROOT
from tests.factories import (
    ClassroomFactory,
    CurriculumFactory,
    LessonFactory,
    MembershipFactory,
    TeacherFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Controls only typed text could bring (the site itself isolates names with FSI/PDI, U+2068/U+2069).
TYPED_ONLY = BIDI_CONTROLS - {"\u2068", "\u2069"}
FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples every run: CI is reproducible (explore with derandomize=False)
)
SLOW = settings(FAST, max_examples=4)

ARABIC = ["علي", "مُحَمَّد", "فاطمة الزهراء", "الصفّ الخامس أ", "ثانوية بغداد", "ئاراس", "كـتاب", "١٢٣"]
LATIN = ["Ali", "Class 5B", "O'Brien", 'say "hi"', "Zoë", "a&b", "x < y > z"]
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    "</title><script>alert(document.cookie)</script>",
    "<a href='javascript:alert(1)'>x</a>",
    "<b>bold</b>",
    "&lt;b&gt; &amp; &#x27;",
    "{{ 7|add:7 }}",
    "{% csrf_token %}",
    "%(name)s %s {0}",
    "${7*7}",
    "'; DROP TABLE accounts_user; --",
    '=HYPERLINK("http://example.invalid","x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\\u003cscript\\u003e",
]
CONTROLS = sorted(BIDI_CONTROLS) + ["\u200e", "\u200f", "\u061c", "\u200b", "\u00ad", "\t", "\n", "\r"]
_any_char = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
piece = st.one_of(
    st.sampled_from(ARABIC + LATIN + PAYLOADS),
    st.sampled_from(CONTROLS),
    st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=8),
    st.text(_any_char, min_size=1, max_size=6),
)
# A typed name: a few pieces, short enough for every field (the shortest, display_name, takes 80),
# with at least one letter left once cleaned.
hostile = (
    st.lists(piece, min_size=1, max_size=5)
    .map(lambda parts: " ".join(parts)[:70])
    .filter(lambda s: any(unicodedata.category(c).startswith("L") for c in clean_line(s)))
)
SIGNUPS = itertools.count()
FIXED = [
    "<script>alert('x')</script>",
    "\u202eexe.txt علي",
    'علي "><img src=x onerror=alert(1)> Ali',
    "=1+2 <b>مرحبا</b>",
    "{{ 7|add:7 }} {% now 'Y' %} {% bad %}",  # e-mails once ran what people typed as a template
]


# --- What a page must look like --------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of an HTML page these tests look at: its text, its attributes, its scripts."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.texts, self.attrs, self.scripts, self.problems, self.elements = [], [], [], [], []
        self.feed(html)
        self.close()
        self.text = "\n".join(self.texts)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in self.URL_ATTRS and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                self.problems.append(f"{tag} {name}={value!r}")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            self.scripts.append(src)
            if not src.startswith("/static/"):
                self.problems.append(f"script not from /static/: {src!r}")
        if tag == "base":
            self.problems.append("a <base> element")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.texts.append(data)

    def attr_values(self, tag: str, name: str) -> list[str]:
        return [value for t, n, value in self.attrs if t == tag and n == name]


def page(response, *shown: str) -> Page:
    """The page parsed; every text in ``shown`` must be in its text, as typed (cleaned) — which
    proves it was escaped: markup taken as markup leaves the text."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    parsed = Page(html)
    assert parsed.problems == [], parsed.problems
    for text in shown:
        assert text in parsed.text, f"{text!r} not shown as text"
    for control in TYPED_ONLY:
        assert control not in html, f"bidi control U+{ord(control):04X} reached the page"
    return parsed


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def assert_formula_safe(rows, *names: str) -> None:
    cells = [cell for row in rows for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\0")]
    assert dangerous == [], dangerous
    for name in names:
        assert name in cells or "'" + name in cells, f"{name!r} not in the CSV"
        if name in cells:
            assert not name.startswith(("=", "+", "-", "@")), name


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def school(db):
    """A teacher's class with a pupil who has a booster due, and the three of them logged in."""
    from literacy.classrooms.services import assignment_create
    from tests.quizzes.conftest import make_quiz

    booster = make_quiz(slug="inj-booster", title="مراجعة", kind="booster")
    curriculum = CurriculumFactory(slug="inj", title="منهج", booster=booster)
    unit = UnitFactory(curriculum=curriculum)
    lesson = LessonFactory(unit=unit, slug="inj-l1")
    teacher = TeacherFactory(username="inj-teacher", display_name="الأستاذة سعاد")
    classroom = ClassroomFactory(owner=teacher, curriculum=curriculum, name="الخامس أ")
    assignment_create(classroom=classroom, kind="lesson", target_id=lesson.pk, created_by=teacher)
    pupil = UserFactory(username="inj-pupil", reminders_opt_in=True)
    MembershipFactory(classroom=classroom, user=pupil)
    learner = UserFactory(username="inj-learner")
    return {
        "curriculum": curriculum,
        "teacher": teacher,
        "classroom": classroom,
        "pupil": pupil,
        "learner": learner,
        "as_teacher": login(teacher),
        "as_pupil": login(pupil),
        "as_learner": login(learner),
    }


# --- Display names ------------------------------------------------------------------------------


@FAST
@given(name=hostile)
@example(name=FIXED[0])
@example(name=FIXED[1])
@example(name=FIXED[2])
@example(name=FIXED[3])
@example(name=FIXED[4])
def test_a_display_name_is_text_on_every_page_csv_json_and_email(school, name):
    from django.utils import timezone
    from post_office.models import Email

    from literacy.progress.models import BoosterReminder

    expected = clean_line(name)
    pupil, classroom = school["pupil"], school["classroom"]
    as_pupil, as_teacher = school["as_pupil"], school["as_teacher"]

    saved = as_pupil.post(reverse("accounts:profile"), {"display_name": name, "reminders_opt_in": "on"})
    assert saved.status_code == 302
    pupil.refresh_from_db()
    assert pupil.display_name == expected

    profile = page(as_pupil.get(reverse("accounts:profile")), expected)  # the header shows it
    assert profile.attr_values("input", "value").count(expected) == 1
    page(as_pupil.get(reverse("progress:dashboard")), expected)
    page(as_pupil.get(reverse("classrooms:mine")), expected)
    page(as_teacher.get(reverse("classrooms:detail", args=[classroom.pk])), expected)
    page(as_teacher.get(reverse("classrooms:pupil", args=[classroom.pk, pupil.pk])), expected)
    assert_formula_safe(
        csv_rows(as_teacher.get(reverse("classrooms:grid_csv", args=[classroom.pk]))), expected
    )

    export = as_pupil.get(reverse("accounts:data_export"))
    assert export["Content-Type"].startswith("application/json")
    assert export["X-Content-Type-Options"] == "nosniff"
    assert export["Content-Disposition"].startswith("attachment;")
    assert json.loads(export.content)["account"]["display_name"] == expected

    # The booster reminder, as the outbox holds it: plain text carrying the name as typed.
    BoosterReminder.objects.filter(user=pupil).delete()
    BoosterReminder.objects.create(
        user=pupil, curriculum=school["curriculum"], number=1, due_at=timezone.now()
    )
    Email.objects.all().delete()
    from literacy.progress.services import booster_reminders_send

    assert booster_reminders_send() == 1
    email = Email.objects.get()
    assert expected in email.message
    assert not any(control in email.message for control in BIDI_CONTROLS)
    if email.html_message:
        page_of_mail = Page(email.html_message)
        assert page_of_mail.problems == [] and expected in page_of_mail.text


@FAST
@given(name=hostile)
@example(name=FIXED[0])
@example(name=FIXED[1])
@example(name=FIXED[4])
def test_a_display_name_given_at_sign_up_is_cleaned_and_its_email_is_safe(db, name):
    from post_office.models import Email

    from literacy.accounts.models import User

    Email.objects.all().delete()
    username = f"inj-new-{next(SIGNUPS)}"  # a new address each time (allauth spaces out confirmations)
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "role": "learner",
            "display_name": name,
            "username": username,
            "email": f"{username}@example.com",
            "password1": "a-Strong-pass-2026",
            "password2": "a-Strong-pass-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    expected = clean_line(name)
    assert User.objects.get(username=username).display_name == expected
    email = Email.objects.get()  # the address confirmation names the account by its display name
    assert expected in email.message, "plain text carries the name as typed"
    assert email.html_message, "allauth's e-mails have an HTML alternative"
    parsed = Page(email.html_message)
    assert parsed.problems == [] and parsed.scripts == []
    # Text extraction may break a long name across lines (a URL in it is laid out on its own line).
    assert " ".join(expected.split()) in " ".join(parsed.text.split()), "the HTML alternative shows it"


def test_nul_and_overlong_names_are_refused_not_crashing(school):
    for value in ("a\x00b", "x" * 81):
        response = school["as_pupil"].post(reverse("accounts:profile"), {"display_name": value})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = school["as_teacher"].post(
        reverse("classrooms:create"),
        {"name": "\u202e\u2066 \t", "curriculum": school["curriculum"].pk},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode(), (
        "a class name of only control characters is an empty name"
    )


# --- Classes, schools, teachers and pupils -------------------------------------------------------


@settings(FAST, max_examples=15)
@given(
    class_name=hostile,
    school_name=hostile,
    stage=hostile,
    teacher_name=hostile,
    pupils=st.lists(hostile, min_size=1, max_size=3),
)
@example(class_name=FIXED[0], school_name=FIXED[1], stage=FIXED[3], teacher_name=FIXED[2], pupils=FIXED)
def test_class_school_teacher_and_pupil_names_are_text_on_pages_cards_and_csv(
    school, class_name, school_name, stage, teacher_name, pupils
):
    from literacy.classrooms.models import Classroom
    from literacy.core.arabic import normalize_arabic

    teacher, as_teacher, as_learner = school["teacher"], school["as_teacher"], school["as_learner"]
    teacher.display_name = clean_line(teacher_name)
    teacher.save(update_fields=["display_name"])
    before = set(Classroom.objects.values_list("pk", flat=True))
    created = as_teacher.post(
        reverse("classrooms:create"),
        {"name": class_name, "school": school_name, "stage": stage, "curriculum": school["curriculum"].pk},
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    (classroom,) = Classroom.objects.exclude(pk__in=before)
    name, school_text, stage_text = clean_line(class_name), clean_line(school_name), clean_line(stage)
    assert (classroom.name, classroom.school, classroom.stage) == (name, school_text, stage_text)
    lesson = school["curriculum"].units.get().lessons.get()
    assigned = as_teacher.post(
        reverse("classrooms:assignment_create", args=[classroom.pk]), {"target": f"lesson:{lesson.pk}"}
    )
    assert assigned.status_code == 302

    page(as_teacher.get(reverse("classrooms:list")), name)
    page(as_teacher.get(reverse("classrooms:manage", args=[classroom.pk])), name, teacher.display_name)
    page(as_teacher.get(reverse("classrooms:detail", args=[classroom.pk])), name)
    join = page(as_learner.get(reverse("classrooms:join_code", args=[classroom.join_code])), name)
    assert teacher.display_name in join.text
    if school_text:
        assert school_text in join.text

    # Pupils typed in one go; a name whose letters repeat another's is reported, not created.
    added = as_teacher.post(
        reverse("classrooms:pupils_add", args=[classroom.pk]), {"names": "\n".join(pupils)}
    )
    assert added.status_code == 302
    wanted, keys = [], set()
    for pupil_name in (clean_line(line)[:80] for line in "\n".join(pupils).splitlines()):
        key = normalize_arabic(pupil_name)
        if key and key not in keys:
            wanted.append(pupil_name)
            keys.add(key)
    cards = as_teacher.get(added["Location"])
    if wanted:
        cards_page = page(cards, name, *wanted)
        assert len(cards_page.attr_values("svg", "class")) >= 1, "each card has its QR code"
    grid = page(as_teacher.get(reverse("classrooms:detail", args=[classroom.pk])), *wanted)
    assert grid.scripts and all(s.startswith("/static/") for s in grid.scripts)
    assert_formula_safe(
        csv_rows(as_teacher.get(reverse("classrooms:grid_csv", args=[classroom.pk]))), *wanted
    )
    for membership in classroom.memberships.filter(role="pupil").select_related("user"):
        page(
            as_teacher.get(reverse("classrooms:pupil", args=[classroom.pk, membership.user_id])),
            membership.user.display_name,
        )


def test_the_qr_code_escapes_its_caption():
    from literacy.classrooms.qr import qr_svg

    svg = qr_svg("https://example.org/classes/join/ABC234/", title='</title><script>alert(1)</script> & "x"')
    assert "<script" not in svg
    parsed = Page(svg)
    assert parsed.problems == []
    assert '</title><script>alert(1)</script> & "x"' in parsed.text


# --- Search ----------------------------------------------------------------------------------------


@pytest.fixture
def searchable(db):
    unit = UnitFactory(curriculum=CurriculumFactory(slug="inj-search"))
    from literacy.core.arabic import normalize_arabic

    for n, (title, summary) in enumerate(
        [
            ("التحقّق من الأخبار", "كيف نتحقق من خبر قبل مشاركته؟ Wa'i & friends <3"),
            ("الصور المفبركة", "لا تصدّق كل صورة: «ابحث» عن مصدرها 27 x27"),
        ]
    ):
        LessonFactory(
            unit=unit,
            slug=f"inj-s{n}",
            title=title,
            summary=summary,
            search_title=normalize_arabic(title),
            search_text=normalize_arabic(f"{title} {summary}"),
        )
    return Client()


@FAST
@given(query=st.one_of(hostile, st.text(_any_char, max_size=120)))
@example(query="<script>alert(1)</script> تحقق")
@example(query="27 x27 amp lt")
@example(query="\u202eالصور")
def test_a_search_query_is_never_markup(searchable, query):
    response = searchable.get(reverse("curricula:search"), {"q": query})
    parsed = page(response) if not any(c in query for c in BIDI_CONTROLS) else Page(response.content.decode())
    assert response.status_code == 200 and parsed.problems == []
    box = [attrs for tag, attrs in parsed.elements if tag == "input" and attrs.get("name") == "q"]
    assert len(box) == 1
    assert box[0].get("value", "") == query, "the box shows what was searched, as text"


@FAST
@given(text=st.text(_any_char, max_size=60) | st.sampled_from(PAYLOADS + ARABIC), query=hostile)
@example(text="Wa'i & <friends> 27", query="27 amp lt quot")
def test_search_highlighting_escapes_every_piece(text, query):
    from literacy.core.arabic import search_terms
    from literacy.core.templatetags.wai_text import highlight

    html = str(highlight(text, search_terms(query)))
    assert unescape(re.sub(r"</?mark>", "", html)) == text, "highlighting never changes the text"
    assert not re.search(r"<(?!/?mark>)", html)


# --- Certificates --------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(path).pages))


@SLOW
@given(name=hostile)
@example(name="<script>alert('pdf')</script> Ali")
@example(name="\u202eexe.txt <b>Zaid</b>")
def test_the_certificate_shows_the_name_as_text_on_its_page_and_in_its_pdf(school, settings, tmp_path, name):
    from literacy.progress.models import Certificate
    from literacy.progress.services import certificate_issue, certificate_render_pdf, lesson_progress_complete

    settings.MEDIA_ROOT = tmp_path
    learner, as_learner = school["learner"], school["as_learner"]
    Certificate.objects.filter(user=learner).delete()
    assert as_learner.post(reverse("accounts:profile"), {"display_name": name}).status_code == 302
    learner.refresh_from_db()
    expected = clean_line(name)
    for lesson in school["curriculum"].units.get().lessons.all():
        lesson_progress_complete(lesson=lesson, user=learner)
    certificate = certificate_issue(user=learner, curriculum=school["curriculum"])
    assert certificate.learner_name == expected
    page(Client().get(reverse("progress:certificate", args=[certificate.code])), expected)
    page(as_learner.get(reverse("progress:certificate_print", args=[certificate.code])), expected)

    certificate = certificate_render_pdf(certificate_id=certificate.pk)
    text = _pdf_text(Path(certificate.pdf.path))
    # Text comes out of a PDF in visual order: an Arabic-first name puts its Latin words in another
    # order (and mirrors "<" and ">"), but each Latin word stays whole, and markup stays text.
    for word in re.findall(r"[A-Za-z0-9]+", expected, re.ASCII):
        assert word in text, f"{word!r} is not printed on the certificate"
    if expected.startswith("<script>"):
        # A long name wraps onto a second line of the PDF: compare with line breaks as spaces.
        assert expected in " ".join(text.split()), "a Latin-first name is printed left to right, as typed"
    assert certificate.code in text


# --- CSV cells -------------------------------------------------------------------------------------


@FAST
@given(cells=st.lists(st.one_of(hostile, st.text(_any_char, max_size=20), st.integers()), max_size=6))
@example(cells=["=1+2", "+1", "-1", "@a", "\tx", "\rx", "\x00x", "علي", "'quoted"])
def test_every_csv_cell_is_formula_safe_and_keeps_its_text(cells):
    from literacy.classrooms.exports import csv_bytes

    content = csv_bytes([cells])
    assert content.startswith("\ufeff".encode())
    (row,) = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))) or [[]]
    assert len(row) == len(cells) or (not cells and row == [])
    for written, original in zip(row, cells, strict=False):
        original = str(original)
        assert not written.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))
        assert written in (original, "'" + original)


# --- Lesson content: the loader and the sanitiser --------------------------------------------------

SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "&#106;avascript:alert(1)",
]
MARKDOWN_ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "<div onmouseover=alert(1)>x</div>",
    "<iframe src=//example.invalid></iframe>",
    "<style>body{display:none}</style>",
    *[f"[اضغط هنا]({scheme})" for scheme in SCHEMES],
    *[f"![صورة]({scheme})" for scheme in SCHEMES[:2]],
    "<javascript:alert(1)>",
    "```tip\n<script>alert(1)</script>\n```",
    "```tip\n[x](javascript:alert(1))\n```",
]
fragment = st.one_of(st.sampled_from(MARKDOWN_ATTACKS + ARABIC + PAYLOADS), st.text(_any_char, max_size=20))


def assert_clean_html(html: str) -> None:
    parsed = Page(html)
    assert parsed.problems == [], parsed.problems
    assert parsed.scripts == []
    lowered = html.lower()
    for tag in ("<script", "<style", "<iframe", "<img", "<object", "<embed", "<svg", "<form"):
        assert tag not in lowered, tag
    for _tag, name, value in parsed.attrs:
        assert not name.startswith("on")
        if name == "href":
            assert re.match(r"(https?:|mailto:|#|/|[^:]*$)", value.strip(), re.I), value


@FAST
@given(source=st.lists(fragment, min_size=1, max_size=6).map("\n\n".join))
def test_rendered_markdown_never_carries_script_handlers_or_unsafe_links(source):
    from literacy.curricula.rendering import render_markdown, sanitize

    assert_clean_html(render_markdown(source))
    assert_clean_html(sanitize(source))  # raw HTML straight into the sanitiser, too


LESSON = """---
slug: inj-lesson
title: {title}
summary: {summary}
minutes: 5
objectives:
  - {objective}
teacher_guide: |
  {guide}
---
## مقدمة

{body}
"""


@pytest.fixture
def mini_tree(tmp_path):
    root = tmp_path / "content"
    (root / "curricula").mkdir(parents=True)
    (root / "lessons" / "inj").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "glossary").mkdir()
    (root / "techniques.yaml").write_text((ROOT / "content" / "techniques.yaml").read_text(encoding="utf-8"))
    (root / "curricula" / "inj.yaml").write_text(
        "slug: inj\ntitle: منهج\naudience: community\nlanguage: ar\ndescription: وصف.\norder: 9\n"
        "published: true\nunits:\n  - slug: inj-unit\n    title: وحدة\n    lessons: [inj-lesson]\n",
        encoding="utf-8",
    )
    return root


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


@FAST
@given(
    body=st.lists(fragment, min_size=1, max_size=4).map("\n\n".join),
    title=st.sampled_from(PAYLOADS + ARABIC),
    guide=st.sampled_from(MARKDOWN_ATTACKS + ARABIC),
)
@example(body="<script>alert(1)</script>", title="<b>x</b>", guide="نص")
@example(body="[x](javascript:alert(1))", title="علي", guide="<img src=x onerror=alert(1)>")
@example(body="نص عادي", title="</title><script>alert(1)</script>", guide="نص")
def test_load_content_refuses_or_sanitises_hostile_lessons(mini_tree, body, title, guide):
    from literacy.curricula.models import Lesson

    lesson_file = mini_tree / "lessons" / "inj" / "inj-lesson.md"
    lesson_file.write_text(
        LESSON.format(
            title=_yaml_text(title),
            summary=_yaml_text(title),
            objective=_yaml_text(title),
            guide=guide.replace("\n", "\n  "),
            body=body,
        ),
        encoding="utf-8",
    )
    Lesson.objects.filter(slug="inj-lesson").delete()
    try:
        call_command("load_content", str(mini_tree), verbosity=0)
    except CommandError as error:
        assert "nothing was written" in str(error)
        assert not Lesson.objects.filter(slug="inj-lesson").exists()
        return
    lesson = Lesson.objects.get(slug="inj-lesson")
    assert_clean_html(lesson.body_html)
    assert_clean_html(lesson.teacher_guide_html)
    assert lesson.title == title  # titles are text, escaped where they are shown
    shown = page(Client().get(lesson.get_absolute_url()), title)
    assert shown.scripts and all(s.startswith("/static/") for s in shown.scripts)


@pytest.mark.parametrize("attack", MARKDOWN_ATTACKS)
def test_each_attack_in_a_lesson_is_refused_by_the_loader(mini_tree, attack):
    lesson_file = mini_tree / "lessons" / "inj" / "inj-lesson.md"
    lesson_file.write_text(
        LESSON.format(title="عنوان", summary="ملخص", objective="هدف", guide="دليل", body=attack),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(mini_tree), verbosity=0)
