"""What campaigns add to the quiz engine's results page (registered in CampaignsConfig.ready):
for a visitor who came through a campaign, the finished quiz is counted for their source and the
results page's "next" button leads on along the campaign (the next step, or the end page with the
result and the share card). Nothing happens, and no query runs, for anybody else."""

from django.urls import reverse
from django.utils.translation import gettext as _

from literacy.campaigns import attribution, selectors
from quizzes.owners import Owner
from quizzes.selectors import attempt_discernment


def results_context(request, attempt) -> dict:
    data = attribution.current(request)
    if data is None:
        return {}
    source = selectors.source_by_id(source_id=data["source"])
    if source is None:
        return {}
    campaign = source.campaign
    if attempt.quiz_id not in {campaign.quiz_id, campaign.pre_assessment_id, campaign.post_assessment_id}:
        return {}
    path = selectors.path_for(source=source, owner=Owner.from_request(request))
    _count(request, path, attempt)
    step = path.next_step
    if step is None:
        return {
            "next_url": reverse("campaigns:done", kwargs={"code": source.code}),
            "next_label": _("See your result and share the campaign"),
        }
    return {
        "next_url": reverse("campaigns:step", kwargs={"code": source.code, "number": step.number}),
        "next_label": _("Continue: %(title)s") % {"title": step.title},
    }


def _count(request, path, attempt) -> None:
    campaign = path.campaign
    event = f"q:{attempt.pk}"
    if attempt.quiz_id == campaign.quiz_id:
        score = round(10000 * attempt.score / attempt.max_score) if attempt.max_score else 0
        attribution.count_once(request, event, quizzes_finished=1, score_total=score)
        return
    before_id, after_id = path.before_after_ids()
    which = "before" if attempt.quiz_id == before_id else "after" if attempt.quiz_id == after_id else None
    if which is None:
        return
    value = attempt_discernment(attempt=attempt).discernment
    if value is None:
        return
    attribution.count_once(request, event, **{f"{which}_count": 1, f"{which}_total": round(1000 * value)})
