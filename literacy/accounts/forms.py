from django import forms
from django.utils.translation import gettext_lazy as _

from literacy.accounts.models import User
from literacy.core.text import clean_line


class SignupForm(forms.Form):
    """Extra sign-up fields, merged by allauth into its own sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        required=False,
        help_text=_("Shown to your teacher and on your certificates. You may leave it empty."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.ChoiceField(
        label=_("I am joining as"),
        choices=[(role.value, role.label) for role in User.SELF_SERVICE_ROLES],
        initial=User.Role.LEARNER,
        widget=forms.RadioSelect,
    )

    field_order = ["role", "display_name", "username", "email", "password1", "password2"]

    def clean_display_name(self):
        return clean_line(self.cleaned_data.get("display_name"))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("role") in User.VERIFIED_EMAIL_ROLES and not cleaned_data.get("email"):
            self.add_error("email", _("Teachers need an e-mail address: we send a link to confirm it."))
        return cleaned_data

    def signup(self, request, user):
        """Role and name are saved by the account adapter together with the user."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "reminders_opt_in"]

    def clean_display_name(self):
        return clean_line(self.cleaned_data.get("display_name"))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
