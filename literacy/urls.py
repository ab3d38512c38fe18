from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from literacy.accounts import views as account_views
from literacy.classrooms import views as classroom_views
from literacy.core import views as core_views

admin.site.site_header = settings.WAI_SITE_NAME
admin.site.site_title = settings.WAI_SITE_NAME
admin.site.login = account_views.admin_login  # allauth's log-in and rate limits, not a second form

urlpatterns = [
    path("", include("literacy.core.urls")),
    # Campaign short links (/c/<code>) early: the hot path of a viral link resolves at once.
    path("", include("literacy.campaigns.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: pupils managed by a teacher cannot add an e-mail address.
    path("accounts/email/", classroom_views.account_email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("literacy.accounts.urls")),
    path("curricula/", include("literacy.curricula.urls")),
    path("progress/", include("literacy.progress.urls")),
    path("classes/", include("literacy.classrooms.urls")),
    path("quizzes/", include("quizzes.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
