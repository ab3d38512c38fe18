"""Every write of campaigns. Keyword-only arguments; database writes are atomic. Visits and
events go through ``counting`` (Redis counters folded into daily rows, or the rows directly)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from literacy.campaigns import counting
from literacy.campaigns.models import Campaign, Organisation, Source, new_source_code


class CampaignError(Exception):
    """A rule refused the change; ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _hashtag(value: str) -> str:
    return value.strip().lstrip("#").strip()


def _free_source_code() -> str:
    for _attempt in range(20):
        code = new_source_code()
        if not Source.objects.filter(code=code).exists():
            return code
    raise CampaignError(_("No free link code was found. Please try again."))


def _set_fields(campaign: Campaign, *, name, hashtag, intro, starts_on, ends_on, quiz, pair) -> None:
    campaign.name = name.strip()
    campaign.hashtag = _hashtag(hashtag)
    campaign.intro = intro.strip()
    campaign.starts_on = starts_on
    campaign.ends_on = ends_on
    campaign.quiz = quiz
    campaign.pre_assessment = pair.pre_assessment if pair is not None else None
    campaign.post_assessment = pair
    campaign.full_clean(exclude=["lessons"])


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    name: str,
    hashtag: str,
    intro: str,
    starts_on: date,
    ends_on: date,
    lessons,
    quiz,
    pair=None,
    first_source_name: str = "",
) -> Campaign:
    """A campaign, with a first source (a general link) so that it has a link from the start."""
    campaign = Campaign(organisation=organisation)
    _set_fields(
        campaign,
        name=name,
        hashtag=hashtag,
        intro=intro,
        starts_on=starts_on,
        ends_on=ends_on,
        quiz=quiz,
        pair=pair,
    )
    campaign.save()
    campaign.lessons.set(lessons)
    source_create(campaign=campaign, name=first_source_name or _("General link"), kind=Source.Kind.OTHER)
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, name: str, hashtag: str, intro: str, starts_on, ends_on, lessons, quiz, pair=None
) -> Campaign:
    _set_fields(
        campaign,
        name=name,
        hashtag=hashtag,
        intro=intro,
        starts_on=starts_on,
        ends_on=ends_on,
        quiz=quiz,
        pair=pair,
    )
    campaign.save()
    campaign.lessons.set(lessons)
    return campaign


@transaction.atomic
def source_create(*, campaign: Campaign, name: str, kind: str) -> Source:
    source = Source(campaign=campaign, name=name.strip(), kind=kind, code=_free_source_code())
    source.full_clean()
    source.save()
    return source


def campaign_visit_record(*, source_id: int, visitor: str = "") -> None:
    """One visit of a landing page: atomic Redis counters, no database write (unless there is no
    Redis). ``visitor`` is the value of the visitor's cookie, turned into a daily token."""
    counting.visit(source_id=source_id, visitor=visitor)


def campaign_event_record(*, source_id: int, **amounts: int) -> None:
    """Add to the day's counts of a source (lessons started, quizzes finished, ...)."""
    counting.add(source_id=source_id, **amounts)


def campaign_counts_fold() -> int:
    """Fold the Redis counters into the daily rows (Celery beat); idempotent and crash-safe."""
    return counting.fold()
