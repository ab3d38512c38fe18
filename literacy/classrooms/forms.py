from django import forms
from django.utils.translation import gettext_lazy as _

from literacy.classrooms.models import Assignment, Classroom
from literacy.core.text import clean_line
from literacy.curricula.models import Curriculum

MAX_NAMES = 60


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name", "school", "stage", "curriculum"]
        help_texts = {"stage": _("For example: second intermediate, or first year.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = Curriculum.objects.filter(is_published=True).order_by("order")

    def clean_name(self):
        name = clean_line(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"], code="required")
        return name

    def clean_school(self):
        return clean_line(self.cleaned_data.get("school"))

    def clean_stage(self):
        return clean_line(self.cleaned_data.get("stage"))


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        if not (code.isascii() and code.isalnum()):
            raise forms.ValidationError(_("A class code has only Latin letters and digits."))
        return code


class PupilNamesForm(forms.Form):
    names = forms.CharField(
        label=_("Pupils' names, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste a list from a spreadsheet, or type one name. At most 60 at a time."),
    )

    def clean_names(self):
        from literacy.classrooms.services import split_names

        names = split_names(self.cleaned_data["names"])
        if not names:
            raise forms.ValidationError(_("Write at least one name."))
        if len(names) > MAX_NAMES:
            raise forms.ValidationError(_("At most 60 names at a time."))
        return names


class CoTeacherForm(forms.Form):
    username = forms.CharField(label=_("The other teacher's username"), max_length=150)


class AssignmentForm(forms.Form):
    target = forms.ChoiceField(label=_("What to assign"))
    due_on = forms.DateField(
        label=_("Due date (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, classroom: Classroom, **kwargs):
        super().__init__(*args, **kwargs)
        from literacy.curricula.models import Lesson

        curriculum = classroom.curriculum
        choices = []
        if curriculum.pre_assessment_id:
            choices.append((_("Assessments"), [(f"pre:{curriculum.pre_assessment_id}", _("Pre-assessment"))]))
        units, lessons, quizzes = [], [], []
        for lesson in (
            Lesson.objects.filter(unit__curriculum=curriculum, is_published=True, unit__is_published=True)
            .select_related("unit", "quiz")
            .order_by("unit__order", "order")
        ):
            if (f"unit:{lesson.unit_id}", lesson.unit.title) not in units:
                units.append((f"unit:{lesson.unit_id}", lesson.unit.title))
            lessons.append((f"lesson:{lesson.pk}", lesson.title))
            if lesson.quiz_id:
                quizzes.append((f"quiz:{lesson.quiz_id}", lesson.quiz.title))
        choices += [(_("Units"), units), (_("Lessons"), lessons), (_("Quizzes"), quizzes)]
        if curriculum.post_assessment_id:
            choices.append(
                (_("Assessments"), [(f"post:{curriculum.post_assessment_id}", _("Post-assessment"))])
            )
        self.fields["target"].choices = choices

    def clean_target(self):
        kind, _sep, target = self.cleaned_data["target"].partition(":")
        if kind not in Assignment.Kind.values or not target.isdigit():
            raise forms.ValidationError(_("Choose something to assign."))
        return kind, int(target)
