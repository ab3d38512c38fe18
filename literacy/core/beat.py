"""Celery beat's schedule file, kept with ``dbm.dumb``.

Celery's PersistentScheduler keeps when each periodic task last ran in a ``shelve`` file. On Python
3.13 ``shelve`` picks ``dbm.sqlite3`` for a new file, and beat embedded in a worker (``--beat``)
then fails now and then with "locking protocol" while saving it, after which it sends nothing more
(seen in CI: the outbox was never swept). ``dbm.dumb`` is plain files, written by beat alone: a
handful of entries, no locking to fail. Set as ``CELERY_BEAT_SCHEDULER``.
"""

import dbm.dumb
import shelve

from celery.beat import PersistentScheduler


class FileScheduler(PersistentScheduler):
    def _open_schedule(self):
        return shelve.Shelf(dbm.dumb.open(self.schedule_filename, "c"), writeback=True)
