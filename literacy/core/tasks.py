"""E-mail through Celery, and the one way the site enqueues work.

``enqueue_on_commit`` is ``delay_on_commit`` with a safety net: if the broker cannot be reached
when the transaction commits (Redis down), the task runs inline instead of being lost, after at
most the broker's connect timeout (settings: CELERY_BROKER_*), never a 20-second hang.
"""

import logging
from functools import partial

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def _publish(task, args, kwargs) -> None:
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except (OperationalError, OSError) as exc:
        logger.warning("Broker unavailable (%s); running %s inline, once", exc, task.name)
        try:
            task.run(*args, **kwargs)  # one try, no inline retries: the request must not hang
        except Exception:
            logger.exception("Inline fallback of %s failed", task.name)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(_publish, task, args, kwargs), robust=True)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def send_email_task(
    self, subject: str, body: str, from_email: str, to: list[str], html: str | None = None
) -> int:
    """Send one e-mail with Django's mailer. Retried with backoff when the mail server fails."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
