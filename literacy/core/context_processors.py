from django.conf import settings


def site(request):
    # Content carries its own lang/dir (an English interface still shows Arabic lessons RTL).
    return {"site_name": settings.WAI_SITE_NAME, "bidi_languages": settings.LANGUAGES_BIDI}
