"""Deploy checks (``manage.py check --deploy``): settings that are fine on a laptop and unsafe on a
server make the check fail (errors, not warnings)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

GUESSABLE_ADMIN_URLS = {"admin/", "django-admin/"}


@register(Tags.security, deploy=True)
def admin_url_is_private(app_configs=None, **kwargs):
    admin_url = settings.ADMIN_URL.strip("/") + "/"
    if admin_url == settings.WAI_ADMIN_URL_DEFAULT or admin_url in GUESSABLE_ADMIN_URLS:
        return [
            Error(
                f"The Django admin is at a public default path ({admin_url}).",
                hint="Set DJANGO_ADMIN_URL to a path of your own that nobody can guess.",
                id="wai.E001",
            )
        ]
    return []


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache_in_production(app_configs=None, **kwargs):
    if not settings.DEBUG and not settings.REDIS_URL:
        return [
            Error(
                "REDIS_URL is not set: every web worker keeps its own memory cache, so rate limits "
                "(log-in, sign-up, guest quizzes) count per worker and are as loose as the worker count.",
                hint="Set REDIS_URL to the Redis server shared by every web worker.",
                id="wai.E002",
            )
        ]
    return []
