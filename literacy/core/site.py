"""The site's public address, for links that leave the site: printed certificates, QR codes."""

from django.conf import settings


def site_base_url(request=None) -> str:
    """``WAI_SITE_URL`` when it is set; otherwise the address the request came to (development),
    and without a request (a background task) the first of ``ALLOWED_HOSTS``."""
    if settings.WAI_SITE_URL:
        return settings.WAI_SITE_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip(".*")), "localhost")
    port = ":8000" if settings.DEBUG else ""  # make run's runserver
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{host}{port}"


def site_url(path: str, request=None) -> str:
    """The full address of a path of the site, e.g. ``https://wai.example.org/progress/...``."""
    return site_base_url(request) + path
