"""Campaign managers: the permission matrix of every campaign URL, creating a campaign and its
links, QR codes and share texts, the funnel on known data with small counts suppressed, the CSV
export, constant query counts; and what nobody may do: see another organisation's campaign."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from literacy.campaigns.models import Campaign, Source, SourceDay
from literacy.campaigns.selectors import shown
from literacy.campaigns.services import source_create
from literacy.core.qr import qr_png

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "manager", "other_manager", "admin"]
# (url name, method, extra kwargs); every one is for the campaign's managers only.
MANAGER_ROUTES = [
    ("campaigns:detail", "get", {}),
    ("campaigns:edit", "get", {}),
    ("campaigns:edit", "post", {}),
    ("campaigns:csv", "get", {}),
    ("campaigns:sources", "get", {}),
    ("campaigns:source_create", "post", {}),
    ("campaigns:source_qr", "get", {"source_id": "source", "fmt": "svg"}),
    ("campaigns:source_qr", "get", {"source_id": "source", "fmt": "png"}),
]
# Pages of any campaign manager (not of one campaign).
MANAGER_HOME = [("campaigns:list", "get"), ("campaigns:create", "get"), ("campaigns:create", "post")]
# Public pages of a source's link: open to everybody.
PUBLIC_ROUTES = [
    ("campaigns:landing", "get", {}),
    ("campaigns:preview", "get", {}),
    ("campaigns:go", "get", {}),
    ("campaigns:step", "get", {"number": 1}),
    ("campaigns:lesson_done", "post", {"number": 1}),
    ("campaigns:done", "get", {}),
]


def _login(client, cast, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))


def _campaign_data(course, **overrides):
    today = timezone.localdate()
    data = {
        "organisation": "",
        "name": "تحقق قبل النشر",
        "hashtag": "#تحقق_قبل_النشر",
        "intro": "حملة قصيرة للشباب: درسان واختبار.",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=20)).isoformat(),
        "lessons": [lesson.pk for lesson in course.test_lessons],
        "quiz": course.test_check.pk,
        "pair": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "extra"),
    MANAGER_ROUTES,
    ids=[f"{r[0]}-{r[1]}-{r[2].get('fmt', '')}" for r in MANAGER_ROUTES],
)
def test_permission_matrix_of_a_campaigns_pages(client, cast, course, role, name, method, extra):
    ids = {"source": cast.source.pk}
    kwargs = {"pk": cast.campaign.pk, **{key: ids.get(value, value) for key, value in extra.items()}}
    url = reverse(name, kwargs=kwargs)
    _login(client, cast, role)
    data = {}
    if name == "campaigns:edit":
        data = _campaign_data(course, name="اسم جديد")
    elif name == "campaigns:source_create":
        data = {"name": "مدرسة النور", "kind": "school"}
    response = client.post(url, data) if method == "post" else client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "manager":
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == 404
    # Nobody but the manager changed anything.
    changed = Campaign.objects.filter(pk=cast.campaign.pk, name="اسم جديد").exists()
    added = Source.objects.filter(campaign=cast.campaign, name="مدرسة النور").exists()
    assert changed == (role == "manager" and name == "campaigns:edit" and method == "post")
    assert added == (role == "manager" and name == "campaigns:source_create")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), MANAGER_HOME, ids=[f"{r[0]}-{r[1]}" for r in MANAGER_HOME])
def test_permission_matrix_of_the_managers_pages(client, cast, course, role, name, method):
    _login(client, cast, role)
    before = Campaign.objects.count()
    url = reverse(name)
    data = _campaign_data(course, organisation=cast.organisation.pk)
    response = client.post(url, data) if method == "post" else client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ("manager", "other_manager"):
        if method == "post" and role == "other_manager":
            # Not a member of that organisation: the form refuses it.
            assert response.status_code == 200 and Campaign.objects.count() == before
        else:
            assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
        assert Campaign.objects.count() == before
    if role == "manager" and method == "post":
        assert Campaign.objects.count() == before + 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "extra"), PUBLIC_ROUTES, ids=[f"{r[0]}-{r[1]}" for r in PUBLIC_ROUTES]
)
def test_permission_matrix_of_the_public_pages(client, cast, role, name, method, extra):
    """A source's link works for everybody, with or without an account; nothing on these pages
    belongs to the organisation."""
    _login(client, cast, role)
    url = reverse(name, kwargs={"code": cast.source.code, **extra})
    headers = {
        "User-Agent": "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
    }
    response = client.post(url, headers=headers) if method == "post" else client.get(url, headers=headers)
    assert response.status_code in (200, 302), response.status_code
    main = response.content.split(b'<main id="main"')[-1]
    assert b"/campaigns/" not in main  # no manager page is linked from them


def test_the_campaign_list_shows_only_the_managers_organisation(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("campaigns:list")).content.decode()
    assert cast.campaign.name in page
    assert cast.other_campaign.name not in page


def test_a_manager_creates_a_campaign_and_gets_a_first_link(client, cast, course):
    client.force_login(cast.manager)
    response = client.post(
        reverse("campaigns:create"),
        _campaign_data(course, organisation=cast.organisation.pk, pair=course.test_post.pk),
    )
    campaign = Campaign.objects.get(name="تحقق قبل النشر")
    assert response["Location"] == reverse("campaigns:sources", kwargs={"pk": campaign.pk})
    assert campaign.hashtag == "تحقق_قبل_النشر" and campaign.hashtag_display == "#تحقق_قبل_النشر"
    assert (campaign.pre_assessment, campaign.post_assessment) == (course.test_pre, course.test_post)
    assert list(campaign.lessons.all()) == course.test_lessons
    assert campaign.sources.count() == 1


def test_the_form_refuses_a_campaign_that_ends_before_it_starts_and_too_many_lessons(client, cast, course):
    client.force_login(cast.manager)
    today = timezone.localdate()
    response = client.post(
        reverse("campaigns:create"),
        _campaign_data(
            course,
            organisation=cast.organisation.pk,
            starts_on=today.isoformat(),
            ends_on=(today - timedelta(days=1)).isoformat(),
            hashtag="two words",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "ends_on" in form.errors and "hashtag" in form.errors
    assert not Campaign.objects.filter(name="تحقق قبل النشر").exists()


def test_each_source_has_its_link_qr_codes_and_arabic_share_text(client, cast):
    partner = source_create(campaign=cast.campaign, name="منظمة الأمل", kind="partner")
    client.force_login(cast.manager)
    page = client.get(reverse("campaigns:sources", kwargs={"pk": cast.campaign.pk})).content.decode()
    for source in (cast.source, partner):
        url = f"http://testserver/c/{source.code}"
        assert f'href="{url}"' in page
        svg = client.get(
            reverse(
                "campaigns:source_qr", kwargs={"pk": cast.campaign.pk, "source_id": source.pk, "fmt": "svg"}
            )
        )
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
        png = client.get(
            reverse(
                "campaigns:source_qr", kwargs={"pk": cast.campaign.pk, "source_id": source.pk, "fmt": "png"}
            )
        )
        assert png["Content-Type"] == "image/png" and png.content == qr_png(url)
        assert f"wai-campaign-{source.code}.png" in png["Content-Disposition"]
    assert page.count('class="qr"') == 2
    texts = re.findall(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert len(texts) == 2
    assert all("#فكر_قبل_أن_تشارك" in text and "بلا حساب" in text for text in texts)
    assert f"http://testserver/c/{partner.code}" in texts[1]
    # Another organisation's source is not reachable through this campaign.
    other = cast.other_campaign.sources.get()
    assert (
        client.get(
            reverse(
                "campaigns:source_qr", kwargs={"pk": cast.campaign.pk, "source_id": other.pk, "fmt": "png"}
            )
        ).status_code
        == 404
    )


def _known_data(cast):
    """Two sources over three days: a busy partner and a small school."""
    partner = cast.source
    school = source_create(campaign=cast.campaign, name='=HYPERLINK("http://x")', kind="school")
    today = timezone.localdate()
    SourceDay.objects.create(
        source=partner,
        day=today - timedelta(days=2),
        visits=120,
        visitors=100,
        lessons_started=60,
        lessons_finished=40,
        quizzes_finished=20,
        score_total=20 * 7500,
        signups=6,
    )
    SourceDay.objects.create(
        source=partner,
        day=today,
        visits=30,
        visitors=25,
        lessons_started=10,
        lessons_finished=8,
        quizzes_finished=5,
        score_total=5 * 5000,
        signups=1,
    )
    SourceDay.objects.create(
        source=school,
        day=today - timedelta(days=1),
        visits=4,
        visitors=3,
        lessons_started=2,
        quizzes_finished=1,
        score_total=9000,
    )
    return partner, school


def test_the_funnel_shows_known_numbers_and_hides_small_ones(client, cast):
    partner, school = _known_data(cast)
    client.force_login(cast.manager)
    response = client.get(reverse("campaigns:detail", kwargs={"pk": cast.campaign.pk}))
    funnel = response.context["funnel"]
    assert (funnel.total.visits, funnel.total.visitors, funnel.total.quizzes_finished) == (154, 128, 26)
    assert funnel.total.signups == 7
    assert round(funnel.total.average_score, 2) == round((150000 + 25000 + 9000) / 26 / 100, 2)
    page = response.content.decode()
    funnel_html = re.search(r'<dl class="funnel">.*?</dl>', page, re.S).group(0)
    assert ">154<" in funnel_html and ">128<" in funnel_html and ">7<" in funnel_html
    rows = {
        re.search(r"<code[^>]*>(\w+)</code>", row).group(1): re.findall(r"<td>(.*?)</td>", row)
        for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)
        if "<code" in row
    }
    assert rows[partner.code][:5] == ["150", "125", "70", "48", "25"]
    assert rows[school.code][:5] == ["&lt; 5", "&lt; 5", "&lt; 5", "0", "&lt; 5"]
    assert rows[school.code][5] == "—"  # an average of one quiz is not shown
    assert "&lt; 5" in page
    # The chart: one bar per day, the school's small day drawn apart and labelled nowhere exactly.
    svg = str(response.context["chart"].svg)
    assert svg.startswith('<svg class="chart"') and "chart-small" in svg
    assert len(response.context["chart"].buckets) == 4  # starts_on (3 days ago) to today


def test_small_counts_are_shown_as_less_than_five():
    assert [shown(v) for v in (0, 1, 4, 5, 17)] == ["0", "< 5", "< 5", "5", "17"]


def test_the_csv_has_the_screens_numbers_formula_safe(client, cast):
    partner, school = _known_data(cast)
    client.force_login(cast.manager)
    response = client.get(reverse("campaigns:csv", kwargs={"pk": cast.campaign.pk}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    by_code = {row[2]: row for row in rows[1:]}
    school_row = next(row for row in rows[1:] if row[2] == school.code)
    assert school_row[1].startswith("'=HYPERLINK")  # a formula typed as a name stays text
    assert school_row[3:8] == ["< 5", "< 5", "< 5", "0", "< 5"]
    assert school_row[8] == ""
    first = rows[1]
    assert first[2] == partner.code and first[3:8] == ["120", "100", "60", "40", "20"] and first[8] == "75.0"
    assert by_code  # every row names its source


@pytest.mark.parametrize("days", [1, 365])
def test_the_dashboard_and_csv_run_a_constant_number_of_queries(
    client, cast, days, django_assert_max_num_queries
):
    from literacy.campaigns.bench import seed_campaign_year

    bench = seed_campaign_year(days=days, sources=5, manager_username="bench-manager")
    from literacy.accounts.models import User

    client.force_login(User.objects.get(username="bench-manager"))
    with django_assert_max_num_queries(9):
        response = client.get(bench.dashboard_path)
    assert response.status_code == 200
    assert len(response.context["funnel"].sources) == 5
    with django_assert_max_num_queries(6):
        assert client.get(reverse("campaigns:csv", kwargs={"pk": bench.campaign_id})).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("campaigns:list")).status_code == 200
    if days == 365:
        assert response.context["chart"].weekly
        assert len(response.content) < 60_000


def test_nothing_imports_campaigns():
    """Curricula, quizzes, progress and the rest never import the campaigns app."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for folder in (
        "literacy/core",
        "literacy/accounts",
        "literacy/curricula",
        "literacy/progress",
        "literacy/classrooms",
        "quizzes",
    ):
        for path in (root / folder).rglob("*.py"):
            if re.search(r"^\s*(from|import)\s+literacy\.campaigns", path.read_text(), re.M):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_admin_lists_organisations_campaigns_and_sources(client, cast):
    client.force_login(cast.admin)
    for model in ("organisation", "campaign", "source", "sourceday"):
        assert client.get(reverse(f"admin:campaigns_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:campaigns_campaign_change", args=[cast.campaign.pk])).status_code == 200


def test_a_campaign_of_another_organisation_cannot_be_reached_by_guessing(client, cast):
    client.force_login(cast.manager)
    other = cast.other_campaign
    for name in ("campaigns:detail", "campaigns:edit", "campaigns:csv", "campaigns:sources"):
        assert client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("campaigns:detail", kwargs={"pk": 999999})).status_code == 404


def test_a_manager_who_left_the_organisation_loses_access(client, cast):
    cast.manager.organisation_memberships.all().delete()
    client.force_login(cast.manager)
    assert client.get(reverse("campaigns:detail", kwargs={"pk": cast.campaign.pk})).status_code == 404
    assert client.get(reverse("campaigns:create")).status_code == 404
    assert client.get(reverse("campaigns:list")).status_code == 200  # says to ask an admin


def test_the_bench_seed_command_makes_a_campaign_with_a_year_of_days(cast):
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("campaign_bench_seed", "--days", "365", "--sources", "3", "--manager", "bench-m", stdout=out)
    bench = json.loads(out.getvalue())
    assert bench["rows"] == 365 * 3 and len(bench["landing_paths"]) == 3
    assert bench["manager_password"]  # a new manager: its random password, printed once
    campaign = Campaign.objects.get(pk=bench["campaign_id"])
    assert SourceDay.objects.filter(source__campaign=campaign).count() == 365 * 3
    assert (campaign.ends_on - campaign.starts_on).days == 364
