from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from literacy.campaigns.models import Campaign, Source, hashtag_validator
from literacy.curricula.models import Curriculum, Lesson
from quizzes.models import Quiz

MAX_LESSONS = 5


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LessonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(title)s (%(minutes)s min)") % {"title": obj.title, "minutes": obj.minutes}


class PairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.pre_assessment.title} ↔ {obj.title}"


def micro_lessons():
    """The lessons a campaign may lead to: the published lessons of the community track."""
    return (
        Lesson.objects.filter(
            is_published=True,
            unit__is_published=True,
            unit__curriculum__is_published=True,
            unit__curriculum__audience=Curriculum.Audience.COMMUNITY,
        )
        .select_related("unit__curriculum")
        .order_by("unit__curriculum__order", "unit__order", "order")
    )


def campaign_quizzes():
    return (
        Quiz.objects.filter(is_published=True)
        .filter(
            Q(kind=Quiz.Kind.PRACTICE)
            | Q(
                kind=Quiz.Kind.KNOWLEDGE_CHECK,
                lessons__unit__curriculum__audience=Curriculum.Audience.COMMUNITY,
            )
        )
        .distinct()
        .order_by("title")
    )


def assessment_pairs():
    """Published after-forms with their published before-form: parallel pre/post pairs."""
    return (
        Quiz.objects.filter(
            kind=Quiz.Kind.POST_ASSESSMENT, is_published=True, pre_assessment__is_published=True
        )
        .select_related("pre_assessment")
        .order_by("title")
    )


class CampaignForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"), empty_label=None)
    name = forms.CharField(label=_("Campaign name"), max_length=120)
    hashtag = forms.CharField(
        label=_("Hashtag"),
        max_length=60,
        validators=[hashtag_validator],
        help_text=_("For example #فكر_قبل_أن_تشارك"),
    )
    intro = forms.CharField(
        label=_("Introduction (Arabic)"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "ar", "dir": "rtl"}),
        help_text=_("Two or three sentences in Arabic, shown on the campaign page and in link previews."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("The links keep working afterwards: they lead to the course."),
    )
    lessons = LessonChoiceField(
        queryset=None,
        label=_("Micro-lessons"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One to five short lessons of the community track, taken in this order."),
    )
    quiz = forms.ModelChoiceField(queryset=None, label=_("Quiz at the end"))
    pair = PairChoiceField(
        queryset=None,
        required=False,
        label=_("Before and after forms (optional)"),
        empty_label=_("None"),
        help_text=_(
            "Visitors rate simulated posts before the lessons and again after the quiz: the "
            "dashboard then shows their discernment before and after. It makes the path longer."
        ),
    )

    def __init__(self, *args, organisations=(), campaign: Campaign | None = None, **kwargs):
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": campaign.organisation_id,
                "name": campaign.name,
                "hashtag": campaign.hashtag_display,
                "intro": campaign.intro,
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "lessons": list(campaign.lessons.values_list("pk", flat=True)),
                "quiz": campaign.quiz_id,
                "pair": campaign.post_assessment_id,
            }
        super().__init__(*args, **kwargs)
        if campaign is not None:
            del self.fields["organisation"]  # a campaign stays with its organisation
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["lessons"].queryset = micro_lessons()
        self.fields["quiz"].queryset = campaign_quizzes()
        self.fields["pair"].queryset = assessment_pairs()

    def clean_lessons(self):
        lessons = self.cleaned_data["lessons"]
        if len(lessons) > MAX_LESSONS:
            raise forms.ValidationError(_("Choose at most five lessons: campaign visitors have little time."))
        return lessons

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot come before the first day."))
        return data


class SourceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the source"),
        max_length=120,
        help_text=_("Who shares this link, or where: a partner, a school, a page, a poster, a radio spot."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices)
