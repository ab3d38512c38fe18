from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from literacy.curricula.models import Curriculum, Lesson
from literacy.curricula.permissions import can_view_lesson
from literacy.progress import selectors, services
from literacy.progress.receivers import PENDING_KEY
from quizzes.guests import guest_token


@require_POST
def lesson_done(request, lesson_id):
    lesson = get_object_or_404(Lesson.objects.select_related("unit__curriculum"), pk=lesson_id)
    if not (lesson.is_published and can_view_lesson(request.user, lesson)):
        raise Http404
    if request.user.is_authenticated:
        services.lesson_progress_complete(lesson=lesson, user=request.user)
        messages.success(request, _("Well done: lesson marked as finished."))
    else:
        services.lesson_progress_complete(lesson=lesson, guest_token=guest_token(request, create=True))
        messages.success(
            request, _("Well done: lesson marked as finished. Sign up to keep your progress on any device.")
        )
    return redirect(lesson)


@login_required
@require_POST
def guest_work_decide(request):
    """The answer to "Add N activities done on this device to your account?"."""
    pending = request.session.pop(PENDING_KEY, None)
    if pending and request.POST.get("decision") == "add":
        moved = services.guest_work_claim(guest_token=pending["token"], user=request.user)
        messages.success(request, _("Done: the activities from this device are now in your account."))
        if not moved:
            messages.info(request, _("Nothing was added: your account already had that work."))
    elif pending:
        messages.info(request, _("The activities stay off your account."))
    return redirect(_safe_next(request) or "progress:dashboard")


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else ""


@never_cache
@login_required
@require_GET
def dashboard(request):
    context = {
        "dashboard": selectors.dashboard_for(user=request.user),
        "mastery_window": settings.WAI_MASTERY_WINDOW,
    }
    return render(request, "progress/dashboard.html", context)


@login_required
@require_POST
def certificate_claim(request, curriculum_id):
    curriculum = get_object_or_404(Curriculum, pk=curriculum_id, is_published=True)
    try:
        certificate = services.certificate_issue(user=request.user, curriculum=curriculum)
    except services.ProgressError as error:
        for detail in error.details:
            messages.error(request, detail)
        return redirect("progress:dashboard")
    messages.success(request, _("Congratulations! Your certificate is ready."))
    return redirect(certificate)


@require_GET
def certificate_verify(request, code):
    """Public: anybody holding the code can check the certificate. Nothing for an unknown code."""
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        return render(request, "progress/certificate_unknown.html", status=404)
    is_owner = request.user.is_authenticated and certificate.user_id == request.user.pk
    return render(
        request, "progress/certificate_detail.html", {"certificate": certificate, "is_owner": is_owner}
    )


def _own_certificate(request, code):
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None or not request.user.is_authenticated or certificate.user_id != request.user.pk:
        raise Http404
    return certificate


@never_cache
@login_required
@require_GET
def certificate_print(request, code):
    certificate = _own_certificate(request, code)
    context = services.certificate_document_context(certificate=certificate, for_pdf=False, request=request)
    return render(request, "progress/certificate_print.html", context)


@never_cache
@login_required
@require_GET
def certificate_pdf(request, code):
    certificate = _own_certificate(request, code)
    if not certificate.pdf:
        messages.info(request, _("Your PDF is being prepared. Try again in a minute."))
        return redirect(certificate)
    return FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"wai-{certificate.code}.pdf"
    )
