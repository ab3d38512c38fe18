import re
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.defaultfilters import linebreaks
from django.utils.html import escape
from django.utils.translation import get_language, get_language_bidi

from literacy.core.services import email_send

EMAIL_HTML = (
    '<!DOCTYPE html><html lang="{lang}" dir="{dir}"><body style="font-family: Tahoma, Arial, '
    'sans-serif; line-height: 1.7">{body}</body></html>'
)


_URL = re.compile(r"https?://[^\s<>\"'\u2068\u2069]+")


def email_html_body(text: str, *, own_hosts: set[str]) -> str:
    """The plain-text body as HTML: escaped, with line breaks, and only the site's own addresses
    as links (the confirmation or reset link). A URL someone typed into their display name stays
    text: the e-mail goes to whoever owns the address, and must not hand them a link from a stranger."""

    def link(match):
        url = match.group(0)
        if urlsplit(url).netloc.lower() not in own_hosts:
            return url
        return f'<a href="{url}">{url}</a>'

    return linebreaks(_URL.sub(link, escape(text)), autoescape=False)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        return [
            "literacy.accounts.stages.RoleEmailVerificationStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def save_user(self, request, user, form, commit=True):
        # Only the roles offered on the form can be chosen (the form validates the choice).
        user.role = form.cleaned_data.get("role") or user.Role.LEARNER
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject):
        return f"[{settings.WAI_SITE_NAME}] {subject}"

    def send_mail(self, template_prefix, email, context):
        request = self.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": SimpleNamespace(
                name=str(settings.WAI_SITE_NAME),
                domain=request.get_host() if request else "",
            ),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next((c for c, mime in getattr(message, "alternatives", []) if mime == "text/html"), None)
        if html is None:
            html = EMAIL_HTML.format(
                lang=get_language(),
                dir="rtl" if get_language_bidi() else "ltr",
                body=email_html_body(message.body, own_hosts=_own_hosts(request)),
            )
        email_send(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=message.to,
            html=html,
        )


def _own_hosts(request) -> set[str]:
    hosts = (
        {urlsplit(settings.WAI_SITE_URL).netloc.lower()} if getattr(settings, "WAI_SITE_URL", "") else set()
    )
    if request is not None:
        hosts.add(request.get_host().lower())
    return hosts - {""}
