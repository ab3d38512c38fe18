"""axe-core on every kind of page, in Arabic and in English: no serious or critical violation.

axe-core is vendored (tests/e2e/vendor/axe-core, pinned, with its licence and hash) and loaded into
each page by Playwright as an init script (the site's CSP does not apply to it). Stock axe skips
colour contrast on Arabic text: it takes joined letters for an icon-font ligature. The loader
removes that condition (see the vendor README), and ``test_arabic_text_is_checked_for_contrast``
proves Arabic text of poor contrast is reported.

Pages: home, log-in, sign-up, curricula, a curriculum, a lesson (with its post cards and
callouts), search, glossary, a quiz, every question type, immediate feedback, review, results, the
learner's dashboard, profile, certificate, "My classes", and the teacher's class pages (list, form,
dashboard, code and QR, pupils, login cards, a pupil, question analysis, exports, assignments).
Campaign pages join ``site`` when the campaigns app is finished (it was being built alongside).
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import ClassroomFactory, MembershipFactory, TeacherFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
# In hasRealTextChildren, the color-contrast rule's matcher:
# `"#text"===e.props.nodeName&&!isIconLigature(e)` (minified names).
LIGATURE_TEST = re.compile(r'("#text"===(\w)\.props\.nodeName)&&!\w+\(\2\)')
BLOCKING = {"serious", "critical"}
MISSING = "/no-such-page/"  # the 404 page

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(
      n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").slice(1, 2).join(" ")),
  }));
}"""


def axe_source(*, patched: bool = True) -> str:
    source = AXE.read_text(encoding="utf-8")
    assert hashlib.sha256(source.encode()).hexdigest() == AXE_SHA256, "vendored axe-core changed"
    if not patched:
        return source
    source, found = LIGATURE_TEST.subn(r"\1", source)
    assert found == 1, "axe-core's icon-ligature test in color-contrast was not found: see vendor/README.md"
    return source


def violations(page) -> list[dict]:
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def session_cookie(user, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


@pytest.fixture(scope="module")
def axe_js():
    return axe_source()


@pytest.fixture
def site(community, settings):
    """The real content, a quiz with every question type, a learner who has answered and submitted,
    a teacher with a class of pupils who have results."""
    from literacy.classrooms.services import assignment_create
    from literacy.curricula.models import Lesson
    from literacy.progress.services import lesson_progress_complete
    from quizzes.models import Question
    from quizzes.services import answer_check, attempt_start, attempt_submit
    from tests.classrooms.conftest import answer_quiz, option_key
    from tests.quizzes.conftest import make_quiz

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    quiz = make_quiz(slug="a11y-all-types", shuffle_questions=False)
    immediate = make_quiz(slug="a11y-immediate", feedback="immediate", shuffle_questions=False)
    lesson = Lesson.objects.filter(unit__curriculum=community, is_published=True).order_by(
        "unit__order", "order"
    )[0]

    learner = UserFactory(username="a11y-learner", display_name="زينب")
    teacher = TeacherFactory(username="a11y-teacher", display_name="الأستاذة سعاد")
    classroom = ClassroomFactory(owner=teacher, curriculum=community, name="الثاني المتوسط ب")
    MembershipFactory(classroom=classroom, user=learner)
    pupil = UserFactory(username="a11y-pupil", display_name="علي حسن")
    MembershipFactory(classroom=classroom, user=pupil)
    lesson_progress_complete(lesson=lesson, user=learner)

    in_progress = attempt_start(quiz=quiz, user=learner)
    feedback = attempt_start(quiz=immediate, user=learner)
    first = Question.objects.get(pk=feedback.question_ids[0])
    answer_check(attempt=feedback, question=first, response={"choice": option_key(first, correct=False)})
    submitted = answer_quiz(
        make_quiz(slug="a11y-done", shuffle_questions=False),
        learner,
        {"single": lambda q: {"choice": option_key(q, correct=True)}},
    )
    pre = community.pre_assessment
    if pre is not None:
        for who in (learner, pupil):
            attempt_submit(attempt=attempt_start(quiz=pre, user=who))
    assignment_create(classroom=classroom, kind="lesson", target_id=lesson.pk, created_by=teacher)

    questions = [
        f"/quizzes/attempts/{in_progress.public_id}/{n}/" for n in range(1, len(in_progress.question_ids) + 1)
    ]
    c = f"/classes/{classroom.pk}"
    return {
        "anonymous": [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/curricula/",
            community.get_absolute_url(),
            lesson.get_absolute_url(),
            "/curricula/search/?q=%D8%AA%D8%AD%D9%82%D9%82",
            "/curricula/glossary/",
            quiz.get_absolute_url(),
            "/accounts/password/reset/",
            MISSING,
        ],
        learner: [
            "/progress/",
            "/me/",
            "/me/sessions/",
            "/classes/mine/",
            f"/classes/join/{classroom.join_code}/",
            *questions,
            f"/quizzes/attempts/{feedback.public_id}/1/",
            f"/quizzes/attempts/{in_progress.public_id}/review/",
            f"/quizzes/attempts/{submitted.public_id}/results/",
        ],
        teacher: [
            "/classes/",
            "/classes/new/",
            f"{c}/",
            f"{c}/manage/",
            f"{c}/pupils/add/",
            f"{c}/pupils/cards/",
            f"{c}/pupils/{pupil.pk}/",
            f"{c}/assignments/new/",
            f"{c}/exports/",
            *([f"{c}/quizzes/{pre.pk}/"] if pre is not None else []),
            lesson.get_absolute_url() + "guide/",
        ],
    }


def audit(browser, live_server, axe_js, pages: dict, *, locale: str, device: dict, screenshots=None) -> dict:
    """Every page of ``pages`` ({who: [paths]}) in the language ``locale`` (chosen with the
    switcher's cookie, as a visitor would): {"<locale> <path>": [serious or critical violations]}."""
    found = {}
    for who, paths in pages.items():
        context = browser.new_context(locale=locale, **device)
        context.add_init_script(script=axe_js)
        cookies = [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": locale, "url": live_server.url}]
        if who != "anonymous":
            cookies.append(session_cookie(who, live_server.url))
        context.add_cookies(cookies)
        page = context.new_page()
        for path in paths:
            response = page.goto(live_server.url + path)
            expected = 404 if path == MISSING else 200
            assert response is not None and response.status == expected, (path, response and response.status)
            assert page.get_attribute("html", "lang") == locale, (path, page.get_attribute("html", "lang"))
            bad = violations(page)
            if bad:
                found[f"{locale} {path}"] = bad
                if screenshots is not None:
                    name = re.sub(r"[^a-z0-9]+", "-", f"a11y-{locale}-{path}".lower()).strip("-")
                    page.screenshot(path=screenshots / f"{name}.png", full_page=True)
        context.close()
    return found


def report(found: dict) -> str:
    lines = []
    for where, bad in found.items():
        for v in bad:
            lines.append(f"{where}: {v['impact']} {v['id']} ({v['help']})")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("view", ["desktop-ar", "desktop-en", "phone-ar"])
def test_no_serious_or_critical_violation_on_any_page(
    view, browser, live_server, axe_js, site, artifacts_dir
):
    """Every page on a desktop in Arabic and in English, and the first pages of each visitor on a
    phone (the layout most learners use); all violations of a view are reported at once. One test
    per view, so the three can run on different test processes."""
    device, locale = view.split("-")
    pages = site if device == "desktop" else {who: paths[:4] for who, paths in site.items()}
    found = audit(
        browser,
        live_server,
        axe_js,
        pages,
        locale=locale,
        device=DESKTOP if device == "desktop" else PHONE,
        screenshots=artifacts_dir if device == "desktop" else None,
    )
    assert found == {}, f"\n{view}\n" + report(found)


LOW_CONTRAST = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>تباين</title>
<style>body { background: #ffffff; font-family: "Noto Naskh Arabic", "Noto Sans Arabic", sans-serif; }
.faint { color: #c8c8c8; font-size: 16px; }</style></head>
<body><main><h1>اختبار</h1>
<p class="faint">هذا نص عربي باهت لا يكاد يُقرأ على الخلفية البيضاء</p></main></body></html>"""


def test_arabic_text_is_checked_for_contrast(browser, axe_js):
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.set_content(LOW_CONTRAST)
    page.evaluate(axe_js)
    ids = {v["id"] for v in violations(page)}
    context.close()
    assert "color-contrast" in ids, "faint Arabic text must be reported"
