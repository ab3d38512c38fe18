from celery import shared_task


@shared_task(
    ignore_result=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5
)
def certificate_pdf_task(certificate_id: int) -> None:
    from literacy.progress.services import certificate_render_pdf

    certificate_render_pdf(certificate_id=certificate_id)


@shared_task(ignore_result=True)
def certificate_pdfs_pending_task() -> int:
    from literacy.progress.services import certificate_pdfs_requeue

    return certificate_pdfs_requeue()


@shared_task(ignore_result=True)
def booster_reminders_task() -> int:
    from literacy.progress.services import booster_reminders_send

    return booster_reminders_send()
