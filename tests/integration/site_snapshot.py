"""Print what people see on the site, as JSON, for the backup test: pages, CSV and JSON exports and
media files, each as the logged-in account that can see it. Run against any database:

    DATABASE_URL=... DJANGO_MEDIA_ROOT=... python tests/integration/site_snapshot.py SPEC.json

SPEC.json: {"pages": [[username or "", path], ...], "media": ["certificates/...pdf", ...]}.
Per-request values (CSRF tokens, CSP nonces) are blanked; logging in does not touch last_login.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import update_last_login  # noqa: E402
from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.test import Client  # noqa: E402

VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1"),
    (re.compile(r'(nonce=")[^"]+'), r"\1"),
]


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    clients = {"": Client(HTTP_HOST="localhost")}
    out = {"pages": {}, "media": {}}
    for username, path in spec["pages"]:
        if username not in clients:
            clients[username] = Client(HTTP_HOST="localhost")
            clients[username].force_login(get_user_model().objects.get(username=username))
        response = clients[username].get(path)
        body = response.content.decode("utf-8", errors="replace")
        for pattern, replacement in VOLATILE:
            body = pattern.sub(replacement, body)
        out["pages"][f"{username or 'anonymous'} {path}"] = {"status": response.status_code, "body": body}
    for name in spec["media"]:
        path = Path(settings.MEDIA_ROOT) / name
        out["media"][name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
