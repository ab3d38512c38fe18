"""Help routes in lessons: every place that tells a learner where to turn carries its sources.

The convention is in docs/content-authoring.md ("Help routes"): a lesson whose body (outside its
simulated posts) or teacher's guide names the school counsellor, the police or "the authorities", a
helpline or a child-protection service ends with one ```tip block whose first line is
**مصادر جهات المساعدة**. Each list item of that block is one route, with «المصدر: …» and
«تاريخ التحقق: YYYY-MM-DD.»; a route whose number or channel we could not verify says «صيغة عامة»
instead of a dated source. No phone number appears in a lesson outside a sourced item, and none in a
quiz (a quiz has no place for a source). The files are read as written, so the test needs no database.
"""

import datetime
import re

import frontmatter
import pytest
import yaml
from markdown_it import MarkdownIt

from tests.curricula.conftest import CONTENT

HEADING = "**مصادر جهات المساعدة**"
SOURCE = re.compile(r"المصدر:\s*(?P<source>.*?)\s*تاريخ التحقق:")
CHECKED = re.compile(r"تاريخ التحقق:\s*(?P<date>\d{4}-\d{2}-\d{2})\.?\s*$")
GENERIC = "صيغة عامة"
SOURCED = re.compile(r"\b(?:19|20)\d{2}\b|https?://")  # a publication year or an address

# What makes a lesson "tell the learner where to turn": route -> how the lesson names it. A route
# named anywhere in the lesson (body outside posts, or teacher's guide) must have an item of its own.
ROUTES = {
    "the school or university counsellor": re.compile(r"المرشد|المرشدة|الإرشاد"),
    "the police": re.compile(r"الشرطة|الجهات المختصة|الجهة المختصة|السلطات|الجرائم الإلكترونية"),
    "a helpline or child-protection service": re.compile(
        r"خط (?:ساخن|مساعدة|نجدة)|الخط الساخن|حماية الطفل|حماية الأطفال|رقم الطوارئ"
    ),
}
# The item that covers each route.
ITEM_FOR = {
    "the school or university counsellor": re.compile(r"المرشد|الإرشاد"),
    "the police": re.compile(r"الشرطة"),
    "a helpline or child-protection service": re.compile(r"خط|حماية"),
}

# Phone numbers: seven or more digits (spaces or hyphens between them allowed), or a short code of
# three to six digits after a word that introduces a number to call. ISO dates and year ranges are
# taken out first; handles and invented user names (user_59327104) are not numbers to call.
_DATES = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\b")
LONG_NUMBER = re.compile(r"(?<![\w@.])\+?\d(?:[ \-]?\d){6,}(?!\w)")
SHORT_CODE = re.compile(
    r"(?<!\w)(?:[وفب]?(?:ال|لل)?(?:اتصل|اتّصل|اتصلوا|هاتف|خط|طوارئ|واتساب|راسلوا))(?!\w)"
    r"[^\d\n]{0,20}(?<!\w)(?!(?:19|20)\d{2}(?!\w))\d{3,6}(?!\w)"
)

LESSONS = sorted((CONTENT / "lessons").rglob("*.md"))
QUIZZES = sorted((CONTENT / "quizzes").glob("*.yaml"))
_MD = MarkdownIt("commonmark")


def lesson_id(path) -> str:
    return f"{path.parent.name}/{path.stem}"


def fences(markdown: str):
    return [t for t in _MD.parse(markdown) if t.type == "fence"]


def is_help_block(token) -> bool:
    lines = [line.strip() for line in token.content.splitlines() if line.strip()]
    return token.info.strip().split(" ")[0] == "tip" and bool(lines) and lines[0] == HEADING


def without_posts(markdown: str) -> str:
    """The Markdown without its post blocks (their text is searched for phone numbers on its own)."""
    lines = markdown.splitlines()
    for token in reversed(fences(markdown)):
        if token.info.strip().split(" ")[0] != "post":
            continue
        start, end = token.map
        lines[start:end] = [""]
    return "\n".join(lines)


def post_texts(markdown: str) -> list[str]:
    texts = []
    for token in fences(markdown):
        if token.info.strip().split(" ")[0] == "post":
            data = yaml.safe_load(token.content) or {}
            texts += [str(v) for v in data.values() if isinstance(v, str)]
    return texts


def items(token) -> list[str]:
    """The block's list items, each joined onto one line."""
    found, current = [], None
    for line in token.content.splitlines():
        if line.startswith("- "):
            current = [line[2:].strip()]
            found.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        elif not line.strip():
            current = None
    return [" ".join(parts) for parts in found]


def phone_numbers(text: str) -> list[str]:
    text = _DATES.sub(" ", text)
    return [m.group(0) for m in LONG_NUMBER.finditer(text)] + [m.group(0) for m in SHORT_CODE.finditer(text)]


def item_problems(item: str, today: datetime.date) -> list[str]:
    problems = []
    source = SOURCE.search(item)
    if not source or not source["source"].strip():
        problems.append(f"no «المصدر: …» before the check date in «{item[:70]}…»")
    elif GENERIC not in source["source"] and not SOURCED.search(source["source"]):
        problems.append(
            f"the source «{source['source'].strip()}» names no year or address and is not marked «{GENERIC}»"
        )
    checked = CHECKED.search(item)
    if not checked:
        problems.append(f"no «تاريخ التحقق: YYYY-MM-DD.» at the end of «{item[:70]}…»")
        return problems
    try:
        date = datetime.date.fromisoformat(checked["date"])
    except ValueError:
        return [*problems, f"{checked['date']} is not a date"]
    if date > today:
        problems.append(f"checked on {date}, which is in the future")
    for number in phone_numbers(item):
        if not (source and SOURCED.search(source["source"])):
            problems.append(f"the number {number!r} has no dated source of its own")
    return problems


def lesson_problems(path, today: datetime.date) -> list[str]:
    lesson = frontmatter.load(path)
    body, guide = lesson.content, lesson.get("teacher_guide") or ""
    named = {route for route, pattern in ROUTES.items() if pattern.search(without_posts(body) + guide)}
    blocks = [t for t in fences(body) if is_help_block(t)]
    in_guide = [t for t in fences(guide) if is_help_block(t)]
    problems = [f"a {HEADING} block belongs in the lesson body, not the teacher's guide"] * bool(in_guide)
    if not blocks:
        if named:
            problems.append(f"names {', '.join(sorted(named))} but has no {HEADING} tip block")
        block_items = []
    else:
        if len(blocks) > 1:
            problems.append(f"{len(blocks)} {HEADING} blocks; one, at the end of the lesson, is enough")
        block_items = items(blocks[0])
        if not block_items:
            problems.append(f"the {HEADING} block lists no route (one '- ' item per route)")
        for item in block_items:
            problems += item_problems(item, today)
        for route in sorted(named):
            if not any(ITEM_FOR[route].search(item) for item in block_items):
                problems.append(f"names {route} but its {HEADING} block has no item for it")
    # Phone numbers outside the block: prose, guide and the text of simulated posts alike.
    outside = "\n".join([without_posts(body), guide, *post_texts(body)])
    for token in blocks:
        outside = outside.replace(token.content, "")
    for number in phone_numbers(outside):
        problems.append(f"phone number {number!r} outside a sourced {HEADING} item")
    return problems


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_every_help_route_in_a_lesson_carries_its_source_and_check_date(path):
    problems = lesson_problems(path, datetime.date.today())
    assert not problems, f"{lesson_id(path)}:\n  " + "\n  ".join(problems)


def test_the_lessons_that_tell_learners_where_to_turn_are_found():
    """The convention must catch the lessons written for it: the reporting lessons of every track."""
    with_blocks = {
        lesson_id(path)
        for path in LESSONS
        if any(is_help_block(t) for t in fences(frontmatter.load(path).content))
    }
    assert {
        "community/reporting",
        "school-intermediate/int-report-and-tell",
        "school-preparatory/prep-share-and-report",
        "university/uni-propaganda-narratives",
    } <= with_blocks


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_no_phone_number_in_a_quiz(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [number for text in strings(data) for number in phone_numbers(text)]
    assert not found, f"{path.name}: phone numbers {found} (a quiz cannot carry their source)"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("اتصل على 07701234567 فورًا", ["07701234567"]),
        ("رقمنا +964 770 123 4567", ["+964 770 123 4567"]),
        ("اتصلوا بالخط الساخن 1234", ["اتصلوا بالخط الساخن 1234"]),
        ("للطوارئ: 104", ["للطوارئ: 104"]),
        ("خطاب الكراهية (2019)، الطوارئ العائلية، آذار 2023", []),
        ("قانون رقم 111 لسنة 1969، بين 2014-2017، تاريخ التحقق: 2026-12-01.", []),
        ("@user_59327104 قبل 3 ساعات، 12345678abc", []),
    ],
)
def test_the_phone_number_pattern(text, numbers):
    assert phone_numbers(text) == numbers


def test_an_item_without_a_source_or_with_a_future_date_is_refused():
    today = datetime.date(2026, 12, 1)
    good = "**المرشد التربوي**: من يقدّمها: إدارة المدرسة. المصدر: صيغة عامة. تاريخ التحقق: 2026-12-01."
    assert item_problems(good, today) == []
    assert item_problems(good.replace("المصدر: صيغة عامة. ", ""), today)
    assert item_problems(good.replace("صيغة عامة", "ما سمعناه"), today)
    old = good.replace("2026-12-01", "2025-06-01")
    assert item_problems(old, today) == [], "the age of a check is a yearly task, not a test"
    assert item_problems(good.replace("2026-12-01", "2027-01-01"), today)
    numbered = good.replace("صيغة عامة", "صيغة عامة، اتصل على 07701234567")
    assert item_problems(numbered, today)
