"""The site's Celery app with a PDF task that signals it started, then stalls: a worker to kill."""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

from literacy.celery import app  # noqa: F401 - the app the worker runs


@task_prerun.connect
def _stall(task=None, **kwargs):
    if task is not None and task.name.endswith("certificate_pdf_task"):
        Path(os.environ["WAI_TEST_MARKER"]).write_text("started")
        time.sleep(600)
