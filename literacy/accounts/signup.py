"""allauth's sign-up form, answering the same whether or not an e-mail already has an account.

A taken address is not an error on the form: allauth then creates nothing, sends the owner of the
address a "you already have an account" e-mail and shows the "check your e-mail" page, which is
exactly what a new sign-up with an e-mail address gets (see stages.RoleEmailVerificationStage)."""

from allauth.account.forms import SignupForm
from allauth.account.internal.userkit import filter_users_by_email
from django import forms
from django.utils.translation import gettext_lazy as _


class EnumerationSafeSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "You log in with it. Letters, digits and @ . + - _ only, without spaces."
        )
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false", "dir": "auto"}
        )
        self.fields["email"].help_text = _(
            "Teachers need one, to confirm their account. Learners may leave it empty, but then a "
            "forgotten password cannot be reset by e-mail."
        )
        self.fields["email"].widget.attrs["dir"] = "ltr"
        for name in ("username", "email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)  # the labels say it

    def validate_unique_email(self, value):
        try:
            return super().validate_unique_email(value)
        except forms.ValidationError:
            if not filter_users_by_email(value):
                raise  # another problem with the address: say it
            self.account_already_exists = True
            return value
