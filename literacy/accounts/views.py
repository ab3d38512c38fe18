import json

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from literacy.accounts.forms import DeleteAccountForm, ProfileForm
from literacy.accounts.selectors import user_sessions
from literacy.accounts.services import user_data_export, user_delete, user_sessions_end, user_update_profile
from literacy.core.audit import security_event


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            reminders_opt_in=form.cleaned_data["reminders_opt_in"],
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/user_profile.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    """Where the account is logged in, and a button that logs it out everywhere but here."""
    current = request.session.session_key
    if request.method == "POST":
        ended = user_sessions_end(user=request.user, keep_session_key=current)
        security_event("sessions_ended", request=request, user=request.user, count=ended)
        messages.success(request, _("You were logged out everywhere else."))
        return redirect("accounts:sessions")
    found = user_sessions(user=request.user, current_key=current)
    return render(
        request,
        "accounts/user_sessions.html",
        {"sessions": found, "others": sum(1 for s in found if not s.is_current)},
    )


@never_cache
@login_required
@require_GET
def data_export(request):
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="wai-my-data-{stamp}.json"'
    return response


@never_cache
@login_required
@ratelimit(key="user", rate="5/15m", method="POST", block=True)
def account_delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/user_delete.html", {"form": form})


def admin_login(request, extra_context=None):
    """The Django admin's log-in page (``admin.site.login``) sends everybody to allauth's log-in,
    with its rate limits (5 wrong passwords lock the account, per-address ceilings): the admin has
    no password form of its own to try passwords on. A logged-in account without admin access
    gets 404 (the admin is not offered to it)."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = ""
    target = target or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(target)
        raise Http404
    return redirect_to_login(target, reverse("account_login"))
