from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "literacy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import password_changed, password_reset, password_set
        from django.contrib.auth.signals import user_logged_out

        from literacy.accounts import receivers

        user_logged_out.connect(
            receivers.end_sessions_at_log_out, dispatch_uid="accounts_end_sessions_logout"
        )
        for signal, name in ((password_changed, "changed"), (password_set, "set"), (password_reset, "reset")):
            signal.connect(
                receivers.end_other_sessions_at_password_change,
                dispatch_uid=f"accounts_end_sessions_password_{name}",
            )
