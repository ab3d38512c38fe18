"""Background work, and the one way the site hands work to Celery.

Every side effect is first a row in the database, written in the same transaction as the change
that causes it: an e-mail is a post_office ``Email`` (status queued), a certificate PDF is a
``Certificate`` without its file. ``enqueue_on_commit`` then asks a worker to deliver it as soon as
the transaction commits. If Redis cannot be reached the publish fails within about a second
(settings: REDIS_TIMEOUT), the request goes on, and the beat schedule delivers the pending rows
once Redis is back: nothing is lost and no request hangs.
"""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)


def _publish(task, args, kwargs) -> None:
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the outbox row stays pending
        logger.warning("Could not hand %s to the broker (%s); beat will deliver it", task.name, exc)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(_publish, task, args, kwargs), robust=True)


@shared_task(ignore_result=True)
def mail_deliver_task() -> None:
    """Send every queued e-mail (post_office). A file lock keeps two runs on a host from sending
    the same message; a sent message is marked sent, so running this twice sends nothing twice."""
    from post_office.mail import send_queued_mail_until_done

    send_queued_mail_until_done()


@shared_task(ignore_result=True)
def mail_cleanup_task(days: int = 90) -> int:
    """Forget e-mails older than ``days`` (they hold addresses of minors)."""
    from datetime import timedelta

    from django.utils import timezone
    from post_office.utils import cleanup_expired_mails

    deleted, _attachments = cleanup_expired_mails(timezone.now() - timedelta(days=days), True)
    return deleted
