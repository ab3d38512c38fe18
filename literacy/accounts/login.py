"""allauth's log-in form, labelled for what its one field takes: a username (pupils, whose teacher
made the account, have no e-mail) or an e-mail address. It autocompletes as a username, so a
password manager offers the saved account whichever of the two was saved."""

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class UsernameOrEmailLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or e-mail address")
        login.help_text = _("Pupils whose teacher made the account: the username on your login card.")
        login.widget.attrs.pop("placeholder", None)  # the label says it: no second, vanishing label
        login.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false", "dir": "auto"}
        )
        self.fields["password"].widget.attrs.pop("placeholder", None)
