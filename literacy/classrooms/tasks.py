from celery import shared_task


@shared_task(
    ignore_result=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5
)
def class_export_task(export_id: int) -> None:
    from literacy.classrooms.services import class_export_render

    class_export_render(export_id=export_id)


@shared_task(ignore_result=True)
def class_exports_pending_task() -> int:
    from literacy.classrooms.services import class_exports_requeue

    return class_exports_requeue()
