from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def certificate_pdf_task(certificate_id: int) -> str:
    from literacy.progress.services import certificate_render_pdf

    return certificate_render_pdf(certificate_id=certificate_id).pdf.name


@shared_task
def booster_reminders_task() -> int:
    from literacy.progress.services import booster_reminders_send

    return booster_reminders_send()
