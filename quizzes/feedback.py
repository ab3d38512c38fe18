"""What to show after a question is answered: one row per option, part or step, saying whether the
learner chose it, whether it was right, and why (the option's feedback)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quizzes.selectors import QuestionView


@dataclass(frozen=True)
class FeedbackRow:
    label: str
    chosen: bool
    correct: bool
    feedback: str
    note: str = ""
    handle: str = ""


def option_label(view: QuestionView, option) -> str:
    qtype = view.question.type
    if qtype == "true_false":
        return _("True") if option.key == "true" else _("False")
    if qtype == "compare":
        return _("Source %(number)s") % {"number": option.key}
    if qtype == "red_flags" and option.kind == "account":
        return (view.question.post or {}).get("author", "")
    return option.text


def feedback_rows(view: QuestionView, response: dict) -> list[FeedbackRow]:
    qtype = view.question.type
    if qtype == "rating":
        rating = response.get("rating")
        reliable = bool(view.question.data.get("reliable"))
        verdict = _("This post is reliable.") if reliable else _("This post is manipulative.")
        return [
            FeedbackRow(
                label=_("Your rating: %(rating)s of 7") % {"rating": rating} if rating else _("No rating"),
                chosen=rating is not None,
                correct=bool(rating) and ((rating > 4) if reliable else (rating < 4)),
                feedback=view.question.data.get("feedback", ""),
                note=verdict,
            )
        ]
    if qtype == "order":
        placed = response.get("order") or []
        rows = []
        for right_place, shown in enumerate(sorted(view.options, key=lambda s: s.option.order), start=1):
            key = shown.option.key
            learner_place = placed.index(key) + 1 if key in placed else None
            rows.append(
                FeedbackRow(
                    label=shown.option.text,
                    chosen=learner_place is not None,
                    correct=learner_place == right_place,
                    feedback=shown.option.feedback,
                    note=_("Step %(right)s; you put it at %(yours)s")
                    % {"right": right_place, "yours": learner_place or "-"},
                )
            )
        return rows
    chosen = set()
    if response.get("choice"):
        chosen = {response["choice"]}
    chosen |= set(response.get("choices") or response.get("flags") or [])
    return [
        FeedbackRow(
            label=option_label(view, shown.option),
            chosen=shown.option.key in chosen,
            correct=shown.option.is_correct,
            feedback=shown.option.feedback,
            handle=(view.question.post or {}).get("handle", "") if shown.option.kind == "account" else "",
        )
        for shown in view.options
    ]
