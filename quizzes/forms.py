"""One form per question type. Pages name options by their position only; the form turns positions
back into option keys, and ignores any field it does not know."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.grading import RATING_MAX, RATING_MIN
from quizzes.selectors import QuestionView

CHOICE_TYPES = {"single", "technique", "true_false", "compare"}


class AnswerForm(forms.Form):
    def __init__(self, view: QuestionView, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view
        qtype = view.question.type
        positions = [(str(o.position), str(o.position)) for o in view.options]
        if qtype in CHOICE_TYPES:
            self.fields["choice"] = forms.ChoiceField(
                choices=positions, error_messages={"required": _("Choose an answer.")}
            )
        elif qtype == "multiple":
            self.fields["choices"] = forms.MultipleChoiceField(
                choices=positions, error_messages={"required": _("Choose at least one answer.")}
            )
        elif qtype == "red_flags":
            self.fields["flags"] = forms.MultipleChoiceField(choices=positions, required=False)
        elif qtype == "rating":
            self.fields["rating"] = forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
                coerce=int,
                error_messages={"required": _("Choose a rating from 1 to 7.")},
            )
        elif qtype == "order":
            ranks = [(str(n), str(n)) for n in range(1, len(view.options) + 1)]
            for shown in view.options:
                self.fields[f"step_{shown.position}"] = forms.TypedChoiceField(
                    choices=ranks, coerce=int, error_messages={"required": _("Give every step a number.")}
                )

    def clean(self):
        cleaned = super().clean()
        if self.view.question.type == "order" and not self.errors:
            ranks = [cleaned[f"step_{o.position}"] for o in self.view.options]
            if len(set(ranks)) != len(ranks):
                raise forms.ValidationError(_("Use each number once: every step needs its own place."))
        return cleaned

    def response(self) -> dict:
        """The answer in option keys, ready for the service."""
        data, view = self.cleaned_data, self.view
        qtype = view.question.type
        if qtype in CHOICE_TYPES:
            return {"choice": view.key_for_position(int(data["choice"]))}
        if qtype in ("multiple", "red_flags"):
            name = "choices" if qtype == "multiple" else "flags"
            return {name: sorted(view.key_for_position(int(p)) for p in data[name])}
        if qtype == "rating":
            return {"rating": data["rating"]}
        if qtype == "order":
            ranked = sorted(view.options, key=lambda o: data[f"step_{o.position}"])
            return {"order": [o.option.key for o in ranked]}
        raise ValueError(qtype)

    def selected(self) -> dict:
        """What the page should show as selected, as strings: the posted data after an error, else
        the saved answer."""
        if self.is_bound:
            data = self.data
            picked = {"choice": data.get("choice"), "rating": data.get("rating")}
            picked["choices"] = data.getlist("choices") if hasattr(data, "getlist") else []
            picked["flags"] = data.getlist("flags") if hasattr(data, "getlist") else []
            for shown in self.view.options:
                picked[f"step_{shown.position}"] = data.get(f"step_{shown.position}")
            return picked
        picked = {}
        for name, value in self.initial_from_answer().items():
            picked[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
        return picked

    def order_rows(self) -> list[tuple]:
        selected = self.selected()
        return [(shown, selected.get(f"step_{shown.position}") or "") for shown in self.view.options]

    def initial_from_answer(self) -> dict:
        """Positions the saved answer selects, to pre-fill the page on reload."""
        answer, view = self.view.answer, self.view
        if answer is None:
            return {}
        response = answer.response
        if "choice" in response:
            return {"choice": view.position_for_key(response["choice"])}
        for name in ("choices", "flags"):
            if name in response:
                return {name: [view.position_for_key(k) for k in response[name]]}
        if "rating" in response:
            return {"rating": response["rating"]}
        if "order" in response:
            return {f"step_{view.position_for_key(k)}": rank for rank, k in enumerate(response["order"], 1)}
        return {}
