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
def mail_deliver_task(max_batches: int = 20) -> int:
    """Send every queued e-mail of post_office's outbox; returns how many were sent. A file lock
    keeps two runs on one host from sending the same message, and a sent message is marked sent,
    so delivering twice sends nothing twice. (post_office's own loop closes the database
    connection between batches, which would break a caller's transaction: this loop does not.)"""
    from post_office.lockfile import FileLock, FileLocked, default_lockfile
    from post_office.mail import get_queued, send_queued

    sent = 0
    try:
        with FileLock(default_lockfile):
            for _ in range(max_batches):
                sent += send_queued(processes=1)[0]
                if not get_queued().exists():
                    break
    except FileLocked:
        logger.info("Another delivery holds the mail lock; it will send the queue")
    return sent


@shared_task(ignore_result=True)
def mail_cleanup_task(days: int = 90) -> int:
    """Forget e-mails older than ``days`` (they hold addresses of minors)."""
    from datetime import timedelta

    from django.utils import timezone
    from post_office.utils import cleanup_expired_mails

    deleted, _attachments = cleanup_expired_mails(timezone.now() - timedelta(days=days), True)
    return deleted
