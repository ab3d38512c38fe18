"""Every write about a learner's progress: lessons, completions, boosters, certificates."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from literacy.core.qr import qr_svg
from literacy.core.services import email_send
from literacy.core.site import site_url
from literacy.core.tasks import enqueue_on_commit
from literacy.curricula.models import Curriculum, Lesson
from literacy.progress.models import BoosterReminder, Certificate, CurriculumCompletion, LessonProgress
from literacy.progress.selectors import certificate_missing_requirements
from quizzes.owners import NoOwner, Owner

logger = logging.getLogger(__name__)


class ProgressError(Exception):
    def __init__(self, code: str, details: list[str] | None = None):
        self.code = code
        self.details = details or []
        super().__init__(code)


def _owner(user, guest_token: str) -> dict:
    try:
        return Owner.of(user=user, guest_token=guest_token).filter()
    except NoOwner:
        raise ProgressError("no_owner") from None


def lesson_visit_record(*, lesson: Lesson, user=None, guest_token: str = "") -> None:
    """Record the lesson as started, in one statement (INSERT ... ON CONFLICT DO NOTHING: no
    transaction, no savepoint): a second visit, or a concurrent first one, changes nothing."""
    owner = _owner(user, guest_token)
    LessonProgress.objects.bulk_create([LessonProgress(lesson=lesson, **owner)], ignore_conflicts=True)


@transaction.atomic
def lesson_progress_start(*, lesson: Lesson, user=None, guest_token: str = "") -> LessonProgress:
    lesson_visit_record(lesson=lesson, user=user, guest_token=guest_token)
    return LessonProgress.objects.get(lesson=lesson, **_owner(user, guest_token))


@transaction.atomic
def lesson_progress_complete(*, lesson: Lesson, user=None, guest_token: str = "") -> LessonProgress:
    """Mark the lesson done (idempotent: the first completion time is kept). For a learner, finishing
    the last lesson of a curriculum records the completion and schedules its boosters."""
    progress = lesson_progress_start(lesson=lesson, user=user, guest_token=guest_token)
    progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    if progress.user_id is not None:
        curriculum_completion_record(user=progress.user, curriculum=lesson.unit.curriculum)
    return progress


@transaction.atomic
def curriculum_completion_record(*, user, curriculum: Curriculum) -> CurriculumCompletion | None:
    """If every published lesson of the curriculum is done, record it once and schedule the boosters."""
    lessons = Lesson.objects.filter(unit__curriculum=curriculum, is_published=True, unit__is_published=True)
    total = lessons.count()
    done = LessonProgress.objects.filter(user=user, lesson__in=lessons, completed_at__isnull=False).count()
    if not total or done < total:
        return None
    completion, created = CurriculumCompletion.objects.get_or_create(
        user=user, curriculum=curriculum, defaults={"completed_at": timezone.now()}
    )
    if created and curriculum.booster_id:
        for number, days in enumerate(settings.WAI_BOOSTER_DAYS, start=1):
            BoosterReminder.objects.get_or_create(
                user=user,
                curriculum=curriculum,
                number=number,
                defaults={"due_at": completion.completed_at + timedelta(days=days)},
            )
    return completion


@transaction.atomic
def progress_claim(*, guest_token: str, user) -> int:
    """Move a guest's lesson progress to the account, merging with what the account already has
    (earliest start, a lesson done in either is done). Returns the number of lessons moved."""
    if not guest_token or user is None or not user.is_authenticated:
        return 0
    moved = 0
    guest_rows = list(
        LessonProgress.objects.select_for_update(of=("self",))
        .filter(**Owner(guest_token=guest_token).filter())
        .select_related("lesson__unit__curriculum")
    )
    mine = {p.lesson_id: p for p in LessonProgress.objects.select_for_update().filter(user=user)}
    touched_curricula = set()
    for row in guest_rows:
        existing = mine.get(row.lesson_id)
        if existing is None:
            row.user, row.guest_token = user, ""
            row.save(update_fields=["user", "guest_token"])
            moved += 1
        else:
            existing.started_at = min(existing.started_at, row.started_at)
            existing.completed_at = existing.completed_at or row.completed_at
            existing.save(update_fields=["started_at", "completed_at"])
            row.delete()
        touched_curricula.add(row.lesson.unit.curriculum)
    for curriculum in touched_curricula:
        curriculum_completion_record(user=user, curriculum=curriculum)
    return moved


def guest_work_count(*, guest_token: str) -> int:
    """Activities (quiz attempts and lessons) a guest token holds."""
    from quizzes.services import attempts_claimable

    if not guest_token:
        return 0
    lessons = LessonProgress.objects.filter(**Owner(guest_token=guest_token).filter()).count()
    return lessons + attempts_claimable(guest_token=guest_token)


@transaction.atomic
def guest_work_claim(*, guest_token: str, user) -> int:
    """Attach a guest's quiz attempts and lesson progress to the account (the engine keeps the
    attempt limits). Returns the number of activities moved."""
    from quizzes.services import attempt_claim

    return attempt_claim(guest_token=guest_token, user=user) + progress_claim(
        guest_token=guest_token, user=user
    )


@transaction.atomic
def certificate_issue(*, user, curriculum: Curriculum) -> Certificate:
    """Issue the certificate once it is earned (all lessons done, every knowledge check passed, the
    post-assessment taken); the PDF is made by a Celery task after the commit."""
    existing = Certificate.objects.filter(user=user, curriculum=curriculum).first()
    if existing is not None:
        return existing
    missing = certificate_missing_requirements(user=user, curriculum=curriculum)
    if missing:
        raise ProgressError("not_earned", missing)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=user, curriculum=curriculum, learner_name=(user.display_name or user.username)[:120]
            )
    except IntegrityError:  # a concurrent click issued it first
        return Certificate.objects.get(user=user, curriculum=curriculum)
    from literacy.progress.tasks import certificate_pdf_task

    enqueue_on_commit(certificate_pdf_task, certificate.pk)
    return certificate


def certificate_document_context(*, certificate: Certificate, for_pdf: bool, request=None) -> dict:
    """What the certificate document shows besides the certificate: its full verification address
    (``WAI_SITE_URL``, see core.site) and a QR code of that address (inline SVG, made locally)."""
    verify_url = site_url(certificate.get_absolute_url(), request)
    qr = qr_svg(verify_url, scale=1, omitsize=True, title=_("Scan to check this certificate"))
    return {
        "certificate": certificate,
        "for_pdf": for_pdf,
        "verify_url": verify_url,
        "verify_qr": qr,  # segno's SVG of our own address, shown with |safe
    }


def certificate_html(*, certificate: Certificate, for_pdf: bool) -> str:
    with translation.override(certificate.curriculum.language or settings.LANGUAGE_CODE):
        return render_to_string(
            "progress/certificate_document.html",
            certificate_document_context(certificate=certificate, for_pdf=for_pdf),
        )


def certificate_render_pdf(*, certificate_id: int) -> Certificate | None:
    """Render the certificate to PDF with WeasyPrint (HarfBuzz shaping: joined Arabic letters,
    right-to-left lines). The certificate row is its own outbox: without a file it is pending.
    Idempotent: a certificate that has its PDF (or was deleted) is left as it is, so a redelivered
    task produces the file once."""
    from weasyprint import HTML

    certificate = Certificate.objects.select_related("curriculum").filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return certificate
    pdf = HTML(string=certificate_html(certificate=certificate, for_pdf=True)).write_pdf()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None or certificate.pdf:  # deleted, or a concurrent delivery won
            return certificate
        certificate.pdf.save(f"wai-{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.save(update_fields=["pdf"])
    return certificate


def certificate_pdfs_requeue(*, older_than: timedelta | None = None) -> int:
    """Hand every certificate still without its PDF back to the workers (beat runs this): the
    publish on commit may have been lost while Redis was down. Returns the number re-queued."""
    from literacy.progress.tasks import certificate_pdf_task

    if older_than is None:
        older_than = timedelta(seconds=settings.WAI_OUTBOX_INTERVAL)
    cutoff = timezone.now() - older_than
    ids = list(Certificate.objects.filter(pdf="", issued_at__lte=cutoff).values_list("pk", flat=True)[:200])
    for certificate_id in ids:
        enqueue_on_commit(certificate_pdf_task, certificate_id)
    return len(ids)


def booster_reminders_send(*, now=None) -> int:
    """Queue the booster reminders that are due, not yet sent, for learners with a verified e-mail
    who opted in: one e-mail per learner however many boosters fell due together. The reminders are
    claimed under row locks and marked in the same transaction as the e-mail's outbox row, so
    running the task twice (or on two workers) sends each reminder once. Returns e-mails queued."""
    now = now or timezone.now()
    due = BoosterReminder.objects.filter(
        due_at__lte=now,
        sent_at__isnull=True,
        user__reminders_opt_in=True,
        user__is_active=True,
        curriculum__booster__isnull=False,
        user__emailaddress__verified=True,
        user__emailaddress__primary=True,
    ).exclude(user__email="")
    sent = 0
    for user_id in list(due.values_list("user_id", flat=True).distinct()[:500]):
        with transaction.atomic():
            reminders = list(
                BoosterReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "curriculum__booster")
                .filter(pk__in=due.filter(user_id=user_id).values("pk"))
                .order_by("due_at")
            )
            if not reminders:
                continue
            for reminder in reminders:
                reminder.sent_at = now
                reminder.save(update_fields=["sent_at"])
            waiting = [r for r in reminders if not _booster_already_taken(r)]
            if waiting:
                _booster_email(waiting)
                sent += 1
    return sent


def _booster_already_taken(reminder: BoosterReminder) -> bool:
    from literacy.progress.selectors import booster_rounds_done
    from quizzes.models import Attempt

    submitted = Attempt.objects.filter(
        user=reminder.user_id, quiz=reminder.curriculum.booster_id, status=Attempt.Status.SUBMITTED
    ).values_list("submitted_at", flat=True)
    due_dates = BoosterReminder.objects.filter(
        user=reminder.user_id, curriculum=reminder.curriculum_id
    ).values_list("due_at", flat=True)
    return booster_rounds_done(submitted_at=list(submitted), due_dates=list(due_dates)) >= reminder.number


def _booster_email(reminders: list[BoosterReminder]) -> None:
    user, curriculum = reminders[0].user, reminders[0].curriculum
    with translation.override(curriculum.language or settings.LANGUAGE_CODE):
        context = {"user": user, "curriculum": curriculum, "reminder": reminders[0], "reminders": reminders}
        subject = f"[{settings.WAI_SITE_NAME}] " + _("A short refresher quiz is waiting for you")
        body = render_to_string("progress/email/booster_reminder.txt", context)
    email_send(subject=subject, body=body, to=[user.email], from_email=settings.DEFAULT_FROM_EMAIL)
