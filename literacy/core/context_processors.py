from django.conf import settings


def site(request):
    return {"site_name": settings.WAI_SITE_NAME}
