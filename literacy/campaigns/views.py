import copy
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from literacy.campaigns import attribution, crawlers, exports, permissions, selectors, services
from literacy.campaigns.chart import daily_chart
from literacy.campaigns.forms import CampaignForm, SourceForm
from literacy.campaigns.preview import preview_png
from literacy.campaigns.sharing import learner_share_text, share_links, source_share_text
from literacy.core.qr import qr_png, qr_svg, qr_svg_file
from literacy.progress import services as progress_services
from quizzes.owners import Owner

VISITOR_COOKIE = "wai_v"  # "__Secure-wai_v" under HTTPS: only ever set over a secure connection
PAGE_SECONDS = 60.0  # an edited campaign shows on its landing page within a minute
PAGES_KEPT = 1000
CSRF_MARKER = "wai-campaign-csrf-marker"


# --- The landing page: cached, counted, no database write -----------------------------------


@dataclass(frozen=True)
class _Page:
    source_id: int
    html: str
    expires: float


_pages: dict[tuple, _Page] = {}


def _anonymous_request(request):
    """The request as any anonymous visitor would make it: no query string (a ?fbclid=... must
    not end up in everybody's copy), no cookies, no messages, no user."""
    clean = copy.copy(request)
    clean.META = {**request.META, "QUERY_STRING": "", "HTTP_COOKIE": ""}
    clean.GET = QueryDict()
    clean.COOKIES = {}
    clean.user = AnonymousUser()
    clean._messages = []
    return clean


def _landing_context(request, source) -> dict:
    campaign = source.campaign
    lessons = selectors.campaign_lessons(campaign=campaign)
    course = lessons[0].unit.curriculum if lessons else None
    return {
        "source": source,
        "campaign": campaign,
        "lessons": lessons,
        "minutes": sum(lesson.minutes for lesson in lessons) + (3 if campaign.quiz_id else 0),
        "ended": campaign.has_ended(),
        "course_url": course.get_absolute_url() if course else reverse("curricula:list"),
        "short_url": request.build_absolute_uri(source.get_absolute_url()),
        "preview_url": request.build_absolute_uri(reverse("campaigns:preview", kwargs={"code": source.code})),
        "go_url": reverse("campaigns:go", kwargs={"code": source.code}),
    }


def _landing_page(request, code: str, *, shared: bool) -> _Page | None:
    """The rendered page of a source's link. ``shared``: an anonymous visitor without a session,
    who gets the copy kept for everybody (rendered once a minute per process, with a marker where
    each visitor's CSRF token goes)."""
    key = (code, translation.get_language(), request.scheme, request.get_host())
    now = time.monotonic()
    if shared:
        page = _pages.get(key)
        if page is not None and page.expires > now:
            return page
    source = selectors.source_by_code(code=code)
    if source is None:
        return None
    if not shared:
        html = render_to_string("campaigns/landing.html", _landing_context(request, source), request=request)
        return _Page(source_id=source.pk, html=html, expires=now)
    clean = _anonymous_request(request)
    # The copy for everybody holds nothing of anybody: no language form (it would need each
    # visitor's CSRF token and cookie), and a marker should any other form ever appear in it.
    context = {**_landing_context(clean, source), "shared_copy": True, "csrf_token": CSRF_MARKER}
    page = _Page(
        source_id=source.pk,
        html=render_to_string("campaigns/landing.html", context, request=clean),
        expires=now + PAGE_SECONDS,
    )
    if len(_pages) >= PAGES_KEPT:
        _pages.clear()
    _pages[key] = page
    return page


_midnight = [0.0, 0.0]  # (time.time() of the next local midnight, when to compute it again)


def _seconds_to_midnight() -> int:
    """Seconds until the next local midnight (computed once a minute: the hot path calls this)."""
    now = time.time()
    if now >= _midnight[1]:
        local = timezone.localtime()
        midnight = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), clock.min))
        _midnight[:] = [midnight.timestamp(), now + 60]
    return max(60, int(_midnight[0] - now))


def _visitor_cookie(request, response) -> str:
    """The visitor's random value for today (a new one, in a cookie that expires at midnight and
    is sent only to /c/ pages, when the browser has none)."""
    name = f"__Secure-{VISITOR_COOKIE}" if settings.SESSION_COOKIE_SECURE else VISITOR_COOKIE
    value = request.COOKIES.get(name, "")
    if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
        return value
    value = secrets.token_urlsafe(16)
    response.set_cookie(
        name,
        value,
        max_age=_seconds_to_midnight(),
        path="/c/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return value


@require_safe
def landing(request, code):
    """A source's short link. Works without an account or JavaScript; anonymous visitors get the
    shared copy (no query); every visit by a person is counted in Redis (no database write);
    preview fetchers and crawlers get the page and its Open Graph tags, uncounted."""
    code = code.upper()
    shared = not request.user.is_authenticated and request.session.is_empty()
    page = _landing_page(request, code, shared=shared)
    if page is None:
        raise Http404
    html = page.html
    if shared and CSRF_MARKER in html:
        html = html.replace(CSRF_MARKER, get_token(request))
    response = HttpResponse(html)
    patch_cache_control(response, private=True, no_cache=True)
    if request.method == "GET" and crawlers.is_person(request):
        visitor = _visitor_cookie(request, response)
        services.campaign_visit_record(source_id=page.source_id, visitor=visitor)
    return response


@require_safe
def preview(request, code):
    """The link-preview image (PNG) of the source's campaign: nothing personal, cacheable."""
    source = selectors.source_by_code(code=code)
    if source is None:
        raise Http404
    response = HttpResponse(preview_png(source.campaign), content_type="image/png")
    # Cacheable by anybody for the link-preview fetchers (they have no session); a browser with a
    # session gets it like every page of theirs (core.middleware.PrivatePagesMiddleware).
    if not request.user.is_authenticated and request.session.is_empty():
        patch_cache_control(response, public=True, max_age=86400)
    return response


# --- The guest path --------------------------------------------------------------------------


def _source(code):
    source = selectors.source_by_code(code=code)
    if source is None:
        raise Http404
    return source


def _start(request, source) -> Owner | None:
    """Attribute the visitor to the source and, for a visitor without an account, make the guest
    token that keeps their lessons and quiz (the session ends with the browser). Crawlers and
    prefetches start nothing."""
    if not crawlers.is_person(request) and request.method == "GET":
        return Owner.from_request(request)
    data = attribution.current(request)
    if data is None or data.get("source") != source.pk:
        attribution.attribute(request, source)
    return Owner.from_request(request, create=True)


def _step_url(source, step) -> str:
    if step is None:
        return reverse("campaigns:done", kwargs={"code": source.code})
    return reverse("campaigns:step", kwargs={"code": source.code, "number": step.number})


@never_cache
@require_GET
def go(request, code):
    """The "Start" button: attribute the visitor to the source, then the first step not done yet."""
    source = _source(code)
    if not crawlers.is_person(request):
        return redirect(source.get_absolute_url())
    if source.campaign.has_ended():
        return redirect(source.get_absolute_url())
    owner = _start(request, source)
    path = selectors.path_for(source=source, owner=owner)
    return redirect(_step_url(source, path.next_step))


def _owner_kwargs(owner: Owner) -> dict:
    return {"user": owner.user, "guest_token": owner.guest_token}


@never_cache
@require_GET
def step(request, code, number):
    source = _source(code)
    owner = _start(request, source)
    path = selectors.path_for(source=source, owner=owner)
    current = path.step(number)
    if current is None:
        raise Http404
    context = {"source": source, "campaign": source.campaign, "path": path, "step": current}
    if current.is_lesson:
        if owner is not None and crawlers.is_person(request):
            progress_services.lesson_progress_start(lesson=current.lesson, **_owner_kwargs(owner))
            attribution.count_once(request, f"ls:{current.lesson.pk}", lessons_started=1)
        return render(request, "campaigns/step_lesson.html", context)
    context.update(
        question_count=selectors.quiz_question_count(quiz=current.quiz),
        in_progress=selectors.attempt_in_progress(quiz=current.quiz, owner=owner),
        next_url=_step_url(source, path.next_step),
    )
    return render(request, "campaigns/step_quiz.html", context)


@require_POST
def lesson_done(request, code, number):
    source = _source(code)
    owner = _start(request, source)
    path = selectors.path_for(source=source, owner=owner)
    current = path.step(number)
    if current is None or not current.is_lesson or owner is None:
        raise Http404
    progress_services.lesson_progress_complete(lesson=current.lesson, **_owner_kwargs(owner))
    attribution.count_once(request, f"lf:{current.lesson.pk}", lessons_finished=1)
    current.done = True
    return redirect(_step_url(source, path.next_step))


@never_cache
@require_GET
def done(request, code):
    """The end of the path: the visitor's own result, a share card with nothing personal on it,
    and the invitation to save the progress (sign up) or to share the campaign."""
    source = _source(code)
    owner = Owner.from_request(request)
    path = selectors.path_for(source=source, owner=owner)
    url = request.build_absolute_uri(source.get_absolute_url())
    text = learner_share_text(campaign=source.campaign, url=url)
    lessons = [s.lesson for s in path.steps if s.is_lesson]
    context = {
        "source": source,
        "campaign": source.campaign,
        "path": path,
        "result": selectors.result_for(path=path, owner=owner),
        "share_url": url,
        "share_text": text,
        "share_links": share_links(text=text, url=url),
        "next_url": _step_url(source, path.next_step),
        "course_url": lessons[0].unit.curriculum.get_absolute_url() if lessons else reverse("curricula:list"),
        "done_url": request.path,
    }
    return render(request, "campaigns/done.html", context)


# --- Campaign managers ---------------------------------------------------------------------


def _campaign(request, pk):
    campaign = selectors.campaign_for_manager(user=request.user, pk=pk)
    if campaign is None or not permissions.can_manage_campaign(request.user, campaign):
        raise Http404
    return campaign


def _manager_only(request) -> None:
    if not permissions.is_campaign_manager(request.user):
        raise Http404


@never_cache
@login_required
@require_GET
def campaign_list(request):
    _manager_only(request)
    organisations = selectors.organisations_for_manager(user=request.user)
    context = {
        "campaigns": selectors.campaign_list_for_manager(user=request.user),
        "organisations": list(organisations),
        "can_create": permissions.can_create_campaign(request.user, organisations),
    }
    return render(request, "campaigns/campaign_list.html", context)


def _form_values(data) -> dict:
    return {
        key: data[key]
        for key in ("name", "hashtag", "intro", "starts_on", "ends_on", "lessons", "quiz", "pair")
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    _manager_only(request)
    organisations = selectors.organisations_for_manager(user=request.user)
    if not permissions.can_create_campaign(request.user, organisations):
        raise Http404
    form = CampaignForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                organisation=form.cleaned_data["organisation"], **_form_values(form.cleaned_data)
            )
        except services.CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your campaign is ready. Add a link for each partner or place."))
            return redirect("campaigns:sources", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = _campaign(request, pk)
    form = CampaignForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        services.campaign_update(campaign=campaign, **_form_values(form.cleaned_data))
        messages.success(request, _("The campaign was saved."))
        return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@never_cache
@login_required
@require_GET
def campaign_detail(request, pk):
    """The funnel: totals, per source, a daily chart; aggregates only, small counts as "< 5"."""
    campaign = _campaign(request, pk)
    funnel = selectors.funnel(campaign=campaign)
    chart = daily_chart(funnel.days)
    context = {
        "campaign": campaign,
        "funnel": funnel,
        "chart": chart,
        "recent": list(reversed(chart.buckets[-14:])),
        "small": selectors.SMALL,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@never_cache
@login_required
@require_GET
def campaign_csv(request, pk):
    campaign = _campaign(request, pk)
    response = HttpResponse(exports.funnel_csv(campaign=campaign), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.funnel_filename(campaign)}"'
    return response


def _short_url(request, source) -> str:
    return request.build_absolute_uri(source.get_absolute_url())


@never_cache
@login_required
@require_GET
def source_list(request, pk):
    """Links, QR codes and share texts, one per source."""
    campaign = _campaign(request, pk)
    items = []
    for source in selectors.sources_of(campaign=campaign):
        url = _short_url(request, source)
        items.append(
            {
                "source": source,
                "url": url,
                "qr": qr_svg(
                    url, scale=4, title=_("QR code of the link for %(name)s") % {"name": source.name}
                ),
                "text": source_share_text(campaign=campaign, url=url),
            }
        )
    context = {"campaign": campaign, "items": items, "form": SourceForm()}
    return render(request, "campaigns/source_list.html", context)


@login_required
@require_POST
def source_create(request, pk):
    campaign = _campaign(request, pk)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            source = services.source_create(campaign=campaign, **form.cleaned_data)
        except services.CampaignError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The link for “%(name)s” is ready.") % {"name": source.name})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("campaigns:sources", pk=pk)


@never_cache
@login_required
@require_GET
def source_qr(request, pk, source_id, fmt):
    campaign = _campaign(request, pk)
    source = selectors.source_of(campaign=campaign, source_id=source_id)
    if source is None:
        raise Http404
    url = _short_url(request, source)
    if fmt == "png":
        response = HttpResponse(qr_png(url), content_type="image/png")
    else:
        response = HttpResponse(qr_svg_file(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="wai-campaign-{source.code}.{fmt}"'
    return response
