from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "literacy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import password_changed, password_reset, password_set
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from literacy.accounts import receivers

        user_logged_out.connect(
            receivers.end_sessions_at_log_out, dispatch_uid="accounts_end_sessions_logout"
        )
        for signal, name in ((password_changed, "changed"), (password_set, "set"), (password_reset, "reset")):
            signal.connect(
                receivers.end_other_sessions_at_password_change,
                dispatch_uid=f"accounts_end_sessions_password_{name}",
            )
        # Security events in the log (literacy.core.audit).
        for signal, name in (
            (user_logged_in, "login"),
            (user_logged_out, "logout"),
            (password_changed, "password_changed"),
            (password_set, "password_set"),
            (password_reset, "password_reset"),
        ):
            signal.connect(receivers.logs_event(name), weak=False, dispatch_uid=f"accounts_log_{name}")
        from literacy.accounts.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="accounts_session_clock")
        user_login_failed.connect(receivers.log_failed_log_in, dispatch_uid="accounts_log_login_failed")
