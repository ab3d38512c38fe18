"""Who gets what, for every URL of the site: the access-control matrix.

Every URL pattern is read from the resolver, so a new view cannot escape the matrix: a pattern
missing from ``ACCESS`` fails ``test_every_url_pattern_is_in_the_table`` with the row to add. Each
pattern is then requested by every role of the cast (tests/security/conftest.py) and the answer
compared with the table below, which is the site's access policy, readable as a document.

Answers: 200, 403, 404, 405; LOGIN = a redirect to the log-in page (allauth's, or the admin's,
which forwards to allauth's); REDIRECT = any other redirect. Three more rules hold for every cell:

- whoever gets 404 reads none of the protected names (the pupil's, the class's, its teachers', a
  campaign manager's); neither does anybody outside the class on any page, except on the rows
  marked ``names_public`` (the join page shows the class to whoever holds its code; a certificate
  shows its holder's name to whoever holds its code: that is what they are for);
- a GET changes nothing in the database (sessions aside), except the documented exceptions of
  ``GET_WRITES_ALLOWED`` (docs/security.md, "No state change on GET");
- the page of a logged-in person or a guest is ``Cache-Control: private, no-store``.

A CSRF check runs over every URL too (``test_every_post_needs_the_csrf_token``).
"""

import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import CONTENT_MODELS, Cast

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "redirect"
ROLES = Cast.ROLES
ANONYMOUS = ("anonymous", "guest")  # nobody logged in (the guest holds a guest token)
TEACHERS_OF_A = ("teacher", "co_teacher")
ALL_TEACHERS = ("teacher", "co_teacher", "other_teacher")


def everyone(answer) -> dict:
    return dict.fromkeys(ROLES, answer)


def logged_in(answer, *, anonymous=LOGIN) -> dict:
    return {**everyone(answer), **dict.fromkeys(ANONYMOUS, anonymous)}


def only(roles, answer=200, *, others=404, anonymous=LOGIN) -> dict:
    """``answer`` for ``roles``, ``others`` for the other logged-in roles."""
    return {**logged_in(others, anonymous=anonymous), **dict.fromkeys(roles, answer)}


@dataclass(frozen=True)
class Row:
    get: dict | None = None  # role -> answer to a GET (None: the view takes no GET worth testing)
    post: dict | None = None  # role -> answer to a POST (the POST-only views, and log-out)
    kwargs: dict = field(default_factory=dict)  # URL argument -> name of the cast's object
    post_data: dict = field(default_factory=dict)
    names_public: bool = False


# --- The table -------------------------------------------------------------------------------
ACCESS = {
    # Public pages
    "core:home": Row(get=everyone(200)),
    "core:healthz": Row(get=everyone(200)),
    "set_language": Row(get=everyone(REDIRECT), post=everyone(REDIRECT), post_data={"language": "en"}),
    "curricula:list": Row(get=everyone(200)),
    "curricula:search": Row(get=everyone(200)),
    "curricula:glossary": Row(get=everyone(200)),
    "curricula:detail": Row(get=everyone(200), kwargs={"slug": "curriculum"}),
    "curricula:lesson": Row(get=everyone(200), kwargs={"curriculum": "curriculum", "slug": "lesson"}),
    "quizzes:detail": Row(get=everyone(200), kwargs={"slug": "quiz"}),
    # The teacher's guide: teachers and editors (a superuser is an editor).
    "curricula:guide": Row(
        get=only((*ALL_TEACHERS, "editor", "admin")), kwargs={"curriculum": "curriculum", "slug": "lesson"}
    ),
    "curricula:guides": Row(get=only((*ALL_TEACHERS, "editor", "admin")), kwargs={"slug": "curriculum"}),
    # Accounts (allauth): log-in and sign-up are for visitors; a logged-in person is sent on.
    "account_login": Row(get={**logged_in(REDIRECT), **dict.fromkeys(ANONYMOUS, 200)}),
    "account_signup": Row(get={**logged_in(REDIRECT), **dict.fromkeys(ANONYMOUS, 200)}),
    "account_logout": Row(
        get={**logged_in(200), **dict.fromkeys(ANONYMOUS, REDIRECT)}, post=everyone(REDIRECT)
    ),
    "account_inactive": Row(get=everyone(200)),
    "account_email_verification_sent": Row(get=everyone(200)),
    "account_reauthenticate": Row(get=logged_in(200)),
    # Re-authenticating takes the password, never an e-mailed code: the code pages refuse.
    "account_request_reauthentication_code": Row(get=logged_in(403)),
    "account_confirm_reauthentication_code": Row(get=logged_in(403)),
    "account_confirm_login_code": Row(get=logged_in(REDIRECT)),
    # A pupil managed by a teacher has no e-mail page (sent to the profile); everybody else has one.
    "account_email": Row(get={**logged_in(200), "pupil": REDIRECT, "other_pupil": REDIRECT}),
    "account_change_password": Row(get=logged_in(200)),
    "account_set_password": Row(get=logged_in(REDIRECT)),  # every account here has a password
    "account_reset_password": Row(get=everyone(200)),
    "account_reset_password_done": Row(get=everyone(200)),
    "account_reset_password_from_key": Row(
        get=everyone(200), kwargs={"uidb36": "bogus_uid", "key": "bogus_key"}
    ),
    "account_reset_password_from_key_done": Row(get=everyone(200)),
    "account_confirm_email": Row(get=everyone(200), kwargs={"key": "bogus_key"}),  # "invalid link"
    # One's own account: profile, export, deletion.
    "accounts:profile": Row(get=logged_in(200)),
    "accounts:sessions": Row(get=logged_in(200), post=logged_in(REDIRECT)),
    "accounts:data_export": Row(get=logged_in(200)),
    "accounts:delete": Row(get=logged_in(200)),
    # One's own learning.
    "progress:dashboard": Row(get=logged_in(200)),
    "progress:guest_work_decide": Row(post=logged_in(REDIRECT), post_data={"decision": "add"}),
    "progress:lesson_done": Row(post=everyone(REDIRECT), kwargs={"lesson_id": "lesson_pk"}),
    "progress:certificate_claim": Row(post=logged_in(REDIRECT), kwargs={"curriculum_id": "curriculum_pk"}),
    # A certificate is checked by anybody holding its code (it names its holder: names_public).
    "progress:certificate": Row(get=everyone(200), kwargs={"code": "certificate"}, names_public=True),
    "progress:certificate_print": Row(get=only(("pupil",)), kwargs={"code": "certificate"}),
    "progress:certificate_pdf": Row(get=only(("pupil",), REDIRECT), kwargs={"code": "certificate"}),
    # A quiz attempt is its owner's alone (here the pupil's): 404 for everybody else, even logged out.
    "quizzes:start": Row(post=everyone(REDIRECT), kwargs={"slug": "quiz"}),
    "quizzes:attempt": Row(get=only(("pupil",), REDIRECT, anonymous=404), kwargs={"public_id": "attempt"}),
    "quizzes:question": Row(
        get=only(("pupil",), anonymous=404), kwargs={"public_id": "attempt", "number": "first"}
    ),
    "quizzes:review": Row(get=only(("pupil",), anonymous=404), kwargs={"public_id": "attempt"}),
    "quizzes:submit": Row(post=only(("pupil",), REDIRECT, anonymous=404), kwargs={"public_id": "attempt"}),
    "quizzes:results": Row(get=only(("pupil",), anonymous=404), kwargs={"public_id": "submitted"}),
    # Classes. Teachers' home and class creation: teachers only.
    "classrooms:list": Row(get=only(ALL_TEACHERS)),
    "classrooms:create": Row(get=only(ALL_TEACHERS)),
    "classrooms:mine": Row(get=logged_in(200)),
    "classrooms:join": Row(get=everyone(200)),
    # Holding the code is the invitation: the join page names the class to any logged-in person.
    "classrooms:join_code": Row(get=logged_in(200), kwargs={"code": "join_code"}, names_public=True),
    # Class A's pages: its owner and co-teachers read and assign; 404 for everybody else, admins
    # included (they have the Django admin).
    "classrooms:detail": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom"}),
    "classrooms:manage": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom"}),
    "classrooms:qr_png": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom"}),
    "classrooms:grid_csv": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom"}),
    "classrooms:exports": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom"}),
    "classrooms:export_download": Row(
        get=only(TEACHERS_OF_A), kwargs={"pk": "classroom", "export_id": "export"}
    ),
    "classrooms:quiz_analysis": Row(
        get=only(TEACHERS_OF_A), kwargs={"pk": "classroom", "quiz_id": "quiz_pk"}
    ),
    "classrooms:quiz_analysis_csv": Row(
        get=only(TEACHERS_OF_A), kwargs={"pk": "classroom", "quiz_id": "quiz_pk"}
    ),
    "classrooms:pupil": Row(get=only(TEACHERS_OF_A), kwargs={"pk": "classroom", "user_id": "pupil"}),
    "classrooms:assignment_create": Row(
        get=only(TEACHERS_OF_A),
        kwargs={"pk": "classroom"},
    ),
    "classrooms:assignment_delete": Row(
        post=only(TEACHERS_OF_A, REDIRECT), kwargs={"pk": "classroom", "assignment_id": "assignment"}
    ),
    # Managing pupils, the code, co-teachers, the class itself: the owner only.
    "classrooms:pupils_add": Row(get=only(("teacher",)), kwargs={"pk": "classroom"}),
    "classrooms:cards": Row(get=only(("teacher",)), kwargs={"pk": "classroom"}),
    "classrooms:code_regenerate": Row(post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom"}),
    "classrooms:status": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom"}, post_data={"status": "closed"}
    ),
    "classrooms:delete": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom"}, post_data={"confirm": "yes"}
    ),
    "classrooms:co_teacher_add": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom"}, post_data={"username": "teacher_b"}
    ),
    "classrooms:co_teacher_remove": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom", "user_id": "co_teacher"}
    ),
    "classrooms:pupil_pin_reset": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom", "user_id": "pupil"}
    ),
    "classrooms:pupil_remove": Row(
        post=only(("teacher",), REDIRECT), kwargs={"pk": "classroom", "user_id": "pupil"}
    ),
    # The Django admin: staff only. Anybody else is sent to the log-in, which is allauth's (see
    # ADMIN_MODEL_VIEWS below for the pages of each registered model).
    "admin:index": Row(get=only(("editor", "admin"), others=LOGIN)),
    "admin:login": Row(
        get={**logged_in(404), **dict.fromkeys(ANONYMOUS, LOGIN), "editor": REDIRECT, "admin": REDIRECT}
    ),
    "admin:logout": Row(post=only(("editor", "admin"), 200, others=REDIRECT, anonymous=REDIRECT)),
    "admin:password_change": Row(get=only(("editor", "admin"), others=LOGIN)),
    "admin:password_change_done": Row(get=only(("editor", "admin"), others=LOGIN)),
    "admin:autocomplete": Row(get=only(("editor", "admin"), 403, others=LOGIN)),
    "admin:jsi18n": Row(get=only(("editor", "admin"), others=LOGIN)),
    "admin:view_on_site": Row(
        get=only(("editor", "admin"), REDIRECT, others=LOGIN),
        kwargs={"content_type_id": "lesson_type", "object_id": "lesson_pk"},
    ),
    "admin:app_list": Row(get=only(("editor", "admin"), others=LOGIN), kwargs={"app_label": "curricula_app"}),
    "admin:catch_all": Row(get=only(("editor", "admin"), 404, others=LOGIN)),
    "admin:auth_user_password_change": Row(
        get=only(("admin",), others=LOGIN) | {"editor": 403}, kwargs={"id": "pupil"}
    ),
    # django-post-office's own admin pages: superusers only.
    "admin:post_office_email_preview": Row(
        get=only(("admin",), others=LOGIN) | {"editor": 403}, kwargs={"pk": "email"}
    ),
    "admin:post_office_email_image": Row(
        get=only(("admin",), 404, others=LOGIN) | {"editor": 403},
        kwargs={"pk": "email", "content_id": "image"},
    ),
    "admin:resend": Row(
        post=only(("admin",), REDIRECT, others=LOGIN) | {"editor": 403}, kwargs={"pk": "email"}
    ),
}

# The pages Django's admin makes for every registered model, admin:<app>_<model>_<view>:
#
#   view                  anybody not staff   editor                         admin (superuser)
#   changelist, change,   LOGIN               200 for the teaching content   200
#   history                                   (CONTENT_MODELS), else 403
#   add, delete           LOGIN               403                            200; 403 for the content
#                                                                            (it comes from files)
#   legacy_change_url     LOGIN               REDIRECT (to the change page,  REDIRECT
#                                             which then decides)
ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "history", "delete", "legacy_change_url")
READ_ONLY_IN_ADMIN = CONTENT_MODELS  # loaded from content/ on every deploy
# Rows the site writes, never typed in the admin: e-mails, campaigns' folded daily counts.
NO_ADD_IN_ADMIN = {"post_office.email", "campaigns.sourceday"}


def admin_model_row(model_label: str, view: str) -> Row:
    if view == "legacy_change_url":
        editor_answer = admin_answer = REDIRECT
    elif view in ("add", "delete"):
        editor_answer = 403
        blocked = model_label in READ_ONLY_IN_ADMIN or (view == "add" and model_label in NO_ADD_IN_ADMIN)
        admin_answer = 403 if blocked else 200
    else:
        editor_answer = 200 if model_label in CONTENT_MODELS else 403
        admin_answer = 200
    kwargs = {} if view in ("changelist", "add") else {"object_id": f"row:{model_label}"}
    return Row(get={**logged_in(LOGIN), "editor": editor_answer, "admin": admin_answer}, kwargs=kwargs)


# --- Campaigns -----------------------------------------------------------------------------------
MANAGERS = ("campaign_manager", "other_manager")
ACCESS |= {
    # A source's short link and the guest path behind it: anybody, no account needed.
    "campaigns:landing": Row(get=everyone(200), kwargs={"code": "source"}),
    "campaigns:preview": Row(get=everyone(200), kwargs={"code": "source"}),
    "campaigns:go": Row(get=everyone(REDIRECT), kwargs={"code": "source"}),
    "campaigns:step": Row(get=everyone(200), kwargs={"code": "source", "number": "first"}),
    "campaigns:lesson_done": Row(post=everyone(REDIRECT), kwargs={"code": "source", "number": "first"}),
    "campaigns:done": Row(get=everyone(200), kwargs={"code": "source"}),
    # The organisation's pages: its campaign managers (organisation A's campaign here); 404 for the
    # manager of another organisation and everybody else, admins included (they have the admin).
    "campaigns:list": Row(get=only(MANAGERS)),
    "campaigns:create": Row(get=only(MANAGERS)),
    "campaigns:detail": Row(get=only(("campaign_manager",)), kwargs={"pk": "campaign"}),
    "campaigns:edit": Row(get=only(("campaign_manager",)), kwargs={"pk": "campaign"}),
    "campaigns:csv": Row(get=only(("campaign_manager",)), kwargs={"pk": "campaign"}),
    "campaigns:sources": Row(get=only(("campaign_manager",)), kwargs={"pk": "campaign"}),
    "campaigns:source_create": Row(
        post=only(("campaign_manager",), REDIRECT),
        kwargs={"pk": "campaign"},
        post_data={"name": "شريك", "kind": "partner"},
    ),
    "campaigns:source_qr": Row(
        get=only(("campaign_manager",)),
        kwargs={"pk": "campaign", "source_id": "source_pk", "fmt": "png_format"},
    ),
}


# --- Reading the resolver ------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name (admin model pages: admin:<app>_<model>_<view>)
    route: str
    row: Row | None
    admin_model: str = ""  # "app.model" for the admin's per-model pages


def _admin_model_pages() -> dict:
    pages = {}
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        for view in ("changelist", "add", "change", "history", "delete"):
            pages[f"admin:{info}_{view}"] = label
        pages[f"admin:{info}_legacy_change_url"] = label
    return pages


def url_patterns() -> list[Pattern]:
    admin_pages = _admin_model_pages()
    found, seen = [], set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                walk(pattern.url_patterns, route, ns)
                continue
            assert isinstance(pattern, URLPattern)
            name = pattern.name
            if name is None and namespace == "admin":
                # The admin's two unnamed patterns: the old change-page address of each model, and
                # the catch-all that answers everything else under the admin's path.
                match = re.search(r"/(\w+)/(\w+)/<path:object_id>/$", route)
                name = f"{match[1]}_{match[2]}_legacy_change_url" if match else "catch_all"
            key = f"{namespace}:{name}" if namespace and name else name or route
            if key in seen:
                continue  # shadowed by an earlier pattern of the same name and route
            seen.add(key)
            if key in admin_pages:
                label = admin_pages[key]
                view = next(v for v in ADMIN_MODEL_VIEWS if key.endswith(f"_{v}"))
                found.append(Pattern(key, route, admin_model_row(label, view), label))
            else:
                found.append(Pattern(key, route, ACCESS.get(key)))

    walk(get_resolver().url_patterns)
    return found


PATTERNS = url_patterns()
CASES = [
    (pattern, method)
    for pattern in PATTERNS
    if pattern.row is not None
    for method in ("get", "post")
    if getattr(pattern.row, method) is not None
]


def test_every_url_pattern_is_in_the_table():
    missing = [p for p in PATTERNS if p.row is None]
    assert not missing, "\n".join(
        f"URL pattern {p.key!r} ({p.route}) is not in ACCESS (tests/security/test_access_matrix.py): "
        "add a row saying what each role of Cast.ROLES gets for it (GET, and POST for a POST-only view), "
        "with the cast's objects its URL needs (tests/security/conftest.py)."
        + (
            " For a campaign page, add the campaign roles first (see '--- Campaigns' in that file)."
            if p.key.startswith("campaigns:")
            else ""
        )
        for p in missing
    )
    stale = set(ACCESS) - {p.key for p in PATTERNS}
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def test_every_row_names_every_role():
    for pattern, method in CASES:
        answers = getattr(pattern.row, method)
        assert set(answers) == set(ROLES), (pattern.key, method, set(ROLES) ^ set(answers))


# --- Building the URL of a pattern for the cast ----------------------------------------------------
def _object(cast: Cast, name: str):
    from django.contrib.contenttypes.models import ContentType

    if name.startswith("row:"):
        from django.apps import apps

        model = apps.get_model(name[4:])
        row = model._default_manager.order_by("pk").first()
        if row is None:
            pytest.fail(f"the cast has no {name[4:]} row for its admin pages: add one in Cast")
        return row.pk
    return {
        "curriculum": lambda: cast.course.slug,
        "curriculum_pk": lambda: cast.course.pk,
        "lesson": lambda: cast.lesson.slug,
        "lesson_pk": lambda: cast.lesson.pk,
        "quiz": lambda: cast.quiz.slug,
        "quiz_pk": lambda: cast.quiz.pk,
        "certificate": lambda: cast.certificate.code,
        "attempt": lambda: cast.attempt.public_id,
        "submitted": lambda: cast.submitted.public_id,
        "first": lambda: 1,
        "join_code": lambda: cast.classroom.join_code,
        "classroom": lambda: cast.classroom.pk,
        "export": lambda: cast.export.pk,
        "pupil": lambda: cast.pupil.pk,
        "co_teacher": lambda: cast.co_teacher.pk,
        "assignment": lambda: cast.assignment.pk,
        "email": lambda: cast.email.pk,
        "source": lambda: cast.source.code,
        "source_pk": lambda: cast.source.pk,
        "campaign": lambda: cast.campaign.pk,
        "png_format": lambda: "png",
        "image": lambda: "0" * 32,
        "lesson_type": lambda: ContentType.objects.get_for_model(cast.lesson).pk,
        "curricula_app": lambda: "curricula",
        "bogus_uid": lambda: "zz",
        "bogus_key": lambda: "not-a-real-key",
    }[name]()


def url_for(cast: Cast, pattern: Pattern) -> str:
    from django.conf import settings

    kwargs = {argument: _object(cast, name) for argument, name in pattern.row.kwargs.items()}
    if pattern.key == "admin:catch_all":
        return f"/{settings.ADMIN_URL}no-such-page/"
    if pattern.key.endswith("_legacy_change_url"):
        app, model = pattern.admin_model.split(".")
        return f"/{settings.ADMIN_URL}{app}/{model}/{kwargs['object_id']}/"
    return reverse(pattern.key, kwargs=kwargs)


# --- Reading an answer ---------------------------------------------------------------------------
def answer_of(response):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        logins = (reverse("account_login"), reverse("admin:login"))
        return LOGIN if location.split("?")[0] in logins else REDIRECT
    return response.status_code


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
SESSION_TABLES = {"accounts_usersession", "django_session"}
# The documented writes on a GET (docs/security.md, "No state change on GET"): opening a lesson
# records it as started (on the site and on a campaign's path); a campaign's pages count visits and
# steps (in Redis, or straight into the daily row without Redis).
GET_WRITES_ALLOWED = {
    "curricula:lesson": {"progress_lessonprogress"},
    "campaigns:step": {"progress_lessonprogress", "campaigns_sourceday"},
    "campaigns:landing": {"campaigns_sourceday"},
    "campaigns:go": {"campaigns_sourceday"},
}
# The matrix asks as a phone's browser does (campaign pages tell people from crawlers by it).
BROWSER = (
    "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


def _writes(queries) -> set[str]:
    tables = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match[1] not in SESSION_TABLES:
            tables.add(match[1])
    return tables


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize(("pattern", "method"), CASES, ids=[f"{p.key} {m.upper()}" for p, m in CASES])
def test_access_matrix(shared_cast, pattern, method):
    cast = shared_cast
    expected = getattr(pattern.row, method)
    url = url_for(cast, pattern)
    problems = []
    for role in ROLES:
        cache.clear()  # rate limits start afresh for each role
        with transaction.atomic():
            client = cast.client(role, HTTP_USER_AGENT=BROWSER)
            with CaptureQueriesContext(connection) as queries:
                post = method == "post"
                response = client.post(url, pattern.row.post_data) if post else client.get(url)
            got = answer_of(response)
            body = _body(response)
            if got != expected[role]:
                problems.append(f"{role}: expected {expected[role]}, got {got}")
            if got == 404 or (role not in Cast.entitled and not pattern.row.names_public):
                leaked = [name for name in cast.secrets_for(role) if name in body]
                if leaked:
                    problems.append(f"{role}: the page shows {leaked}")
            if method == "get":
                writes = _writes(queries.captured_queries) - GET_WRITES_ALLOWED.get(pattern.key, set())
                if writes:
                    problems.append(f"{role}: a GET wrote to {sorted(writes)}")
            if role != "anonymous" and response.status_code == 200:
                cache_control = response.get("Cache-Control", "")
                if not ("private" in cache_control and "no-store" in cache_control):
                    problems.append(f"{role}: personal page cached ({cache_control or 'no Cache-Control'})")
            transaction.set_rollback(True)
    assert not problems, f"{method.upper()} {url}\n" + "\n".join(problems)


# --- CSRF on every POST ----------------------------------------------------------------------------
def _entitled_role(row: Row) -> str:
    """A role the row lets in (so a refusal can only come from the missing token)."""
    answers = row.post or row.get
    return next((role for role in reversed(ROLES) if answers[role] not in (LOGIN, 404, 403)), "anonymous")


CSRF_CASES = [p for p in PATTERNS if p.row is not None]


@pytest.mark.parametrize("pattern", CSRF_CASES, ids=[p.key for p in CSRF_CASES])
def test_every_post_needs_the_csrf_token(shared_cast, pattern):
    """A POST without the token is refused (403, the Arabic page) before the view runs, on every
    URL; the POST-only views answer as the matrix says once the token is there."""
    from django.conf import settings

    cast = shared_cast
    role = _entitled_role(pattern.row)
    url = url_for(cast, pattern)
    client = cast.client(role, enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, pattern.row.post_data)
    assert response.status_code == 403, (role, response.status_code)
    assert "انتهت صلاحية هذا النموذج" in response.content.decode()
    assert not _writes(queries.captured_queries), "a refused POST wrote"
    if pattern.row.post is not None:
        client.get(reverse("core:home"))  # a page with a form: the token cookie
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        response = client.post(url, {**pattern.row.post_data, "csrfmiddlewaretoken": token})
        assert answer_of(response) == pattern.row.post[role], role
