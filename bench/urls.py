"""The site's URLs plus /bench/bare/, a view that does nothing: what every request costs before a
page does any work (the whole middleware stack, no session read, no template, no query)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from literacy.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@require_GET
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *urlpatterns]
