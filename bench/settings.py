"""The bench's settings: production settings (literacy.settings, driven by the same environment
variables) plus the bench app (``manage.py bench_seed``) and a URL module with a bare view, the
load run's reference. Production never loads this module, so the bare view does not exist there."""

from literacy.settings import *  # noqa: F403
from literacy.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
