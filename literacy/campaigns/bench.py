"""Seed data for benchmarks: a campaign with a year of daily counts per source.

Entry points: ``seed_campaign_year(...)`` (returns a ``BenchCampaign``) and the management command
``python manage.py campaign_bench_seed`` (prints it as JSON). It needs the content loaded
(``load_content``) for the micro-lessons and the quiz; it makes its own organisation, manager and
sources, and writes the daily rows in bulk (no fold, no Redis)."""

import random
import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from literacy.accounts.models import User
from literacy.campaigns import services
from literacy.campaigns.counting import METRICS
from literacy.campaigns.forms import campaign_quizzes, micro_lessons
from literacy.campaigns.models import Organisation, OrganisationMember, Source, SourceDay


@dataclass
class BenchCampaign:
    campaign_id: int
    codes: list[str]
    landing_paths: list[str]
    dashboard_path: str
    manager_username: str
    manager_password: str  # "" when the manager existed already (its password is unchanged)
    days: int
    rows: int


@transaction.atomic
def seed_campaign_year(
    *,
    days: int = 365,
    sources: int = 5,
    manager_username: str = "bench-manager",
    manager_password: str = "",
    end: date | None = None,
    seed: int = 1,
) -> BenchCampaign:
    """A campaign of ``days`` days ending on ``end`` (today), ``sources`` links, and one daily row
    per source and day with plausible numbers (a launch peak, then a slow decline)."""
    end = end or timezone.localdate()
    start = end - timedelta(days=days - 1)
    organisation, _ = Organisation.objects.get_or_create(name="منظمة القياس")
    manager = User.objects.filter(username=manager_username).first()
    created_password = ""
    if manager is None:
        created_password = manager_password or secrets.token_urlsafe(12)
        manager = User.objects.create_user(
            username=manager_username,
            email=f"{manager_username}@example.com",
            password=created_password,
            role=User.Role.CAMPAIGN_MANAGER,
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=manager, email=manager.email, verified=True, primary=True)
    OrganisationMember.objects.get_or_create(organisation=organisation, user=manager)
    lessons = list(micro_lessons()[:2])
    quiz = campaign_quizzes().first()
    if not lessons or quiz is None:
        raise RuntimeError(
            "Load the content first (manage.py load_content): the campaign needs lessons and a quiz."
        )
    campaign = services.campaign_create(
        organisation=organisation,
        name=f"حملة القياس {timezone.now():%Y%m%d%H%M%S}",
        hashtag="فكر_قبل_أن_تشارك",
        intro="حملة تجريبية لقياس سرعة الصفحات: درس قصير واختبار بلا حساب.",
        starts_on=start,
        ends_on=end,
        lessons=lessons,
        quiz=quiz,
    )
    for number in range(2, sources + 1):
        services.source_create(campaign=campaign, name=f"الشريك {number}", kind=Source.Kind.PARTNER)
    rng = random.Random(seed)
    all_sources = list(campaign.sources.all())
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        peak = 2000 if offset < 3 else max(20, int(600 * 0.99**offset))
        for source in all_sources:
            visits = rng.randint(peak // 2, peak)
            visitors = int(visits * 0.8)
            started = int(visitors * 0.4)
            finished = int(started * 0.7)
            quizzes = int(finished * 0.6)
            values = {
                "visits": visits,
                "lessons_started": started,
                "lessons_finished": finished,
                "quizzes_finished": quizzes,
                "score_total": quizzes * rng.randint(6000, 8500),
                "signups": int(quizzes * 0.1),
            }
            assert set(values) <= set(METRICS)
            rows.append(SourceDay(source=source, day=day, visitors=visitors, **values))
    SourceDay.objects.bulk_create(rows, batch_size=2000)
    return BenchCampaign(
        campaign_id=campaign.pk,
        codes=[s.code for s in all_sources],
        landing_paths=[s.get_absolute_url() for s in all_sources],
        dashboard_path=campaign.get_absolute_url(),
        manager_username=manager.username,
        manager_password=created_password,
        days=days,
        rows=len(rows),
    )


def as_dict(bench: BenchCampaign) -> dict:
    return asdict(bench)
