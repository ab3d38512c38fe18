"""Page weight and query counts of the main pages, and how they scale with the number of rows.

Run: DJANGO_DEBUG=true .venv/bin/python bench/page_weight.py
Seeds an in-memory SQLite database with the real content plus N extra lessons, renders each page
with Django's test client, and prints bytes (HTML, and gzip-compressed as a 3G phone would fetch
it), query counts, and the time ratio between a small and a large data set measured in the same
run (machines here are noisy: compare ratios, not absolute times).

``browser_weights`` measures first loads in headless Chromium (empty cache, Arabic browser
language) against a running server: bench/load.py calls it on its gunicorn with the seeded data.
"""

import gzip
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# First load budgets (transferred, KB): issue 15.
BUDGET_KB = {"home": 50, "lesson": 50, "quiz question": 50, "campaign landing": 50, "class dashboard": 90}


def browser_weights(
    base_url: str, pages: list[tuple[str, str, str | None]], session_cookie: str
) -> list[dict]:
    """Each page's first load in a fresh Chromium context (empty cache): requests, bytes on the wire
    by resource type, and the HTML's gzip size (what a compressing reverse proxy would send).
    ``pages``: (name, path, session key or None). Requests say they came through the TLS proxy."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    host = base_url.split("//", 1)[1].split(":")[0]
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--lang=ar"])
        try:
            for name, path, session in pages:
                context = browser.new_context(
                    locale="ar", extra_http_headers={"X-Forwarded-Proto": "https"}, service_workers="block"
                )
                if session:
                    context.add_cookies(
                        [
                            {
                                "name": session_cookie,
                                "value": session,
                                "domain": host,
                                "path": "/",
                                "secure": True,
                                "httpOnly": True,
                                "sameSite": "Lax",
                            }
                        ]  # fmt: skip
                    )
                finished = []
                page = context.new_page()
                page.on("requestfinished", lambda request, seen=finished: seen.append(request))
                response = page.goto(base_url + path, wait_until="load")
                page.wait_for_load_state("networkidle")
                status = response.status if response else None
                html = response.body() if response else b""
                by_type: dict[str, int] = {}
                total = 0
                for request in finished:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    by_type[request.resource_type] = by_type.get(request.resource_type, 0) + size
                    total += size
                known = sum(by_type.get(k, 0) for k in ("document", "stylesheet", "script", "image"))
                html_gzip = len(gzip.compress(html, 6))
                document = by_type.get("document", 0)
                out.append(
                    {
                        "page": name,
                        "path": path,
                        "status": status,
                        "requests": len(finished),
                        "transferred": total,
                        "by_type": by_type,
                        "other": total - known,
                        "html_bytes": len(html),
                        "html_gzip": html_gzip,
                        "with_proxy_gzip": total - document + html_gzip + (document - len(html)),
                        "budget_kb": BUDGET_KB.get(name),
                    }
                )
                context.close()
        finally:
            browser.close()
    return out


def _setup_in_memory_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()


def seed_extra_lessons(n: int) -> None:
    from literacy.core.arabic import normalize_arabic
    from literacy.curricula.models import Lesson, Unit

    unit = Unit.objects.filter(curriculum__slug="community").order_by("-order").first()
    template = Lesson.objects.filter(unit__curriculum__slug="community").first()
    Lesson.objects.bulk_create(
        Lesson(
            unit=unit,
            slug=f"extra-{unit.pk}-{i}-{time.monotonic_ns()}",
            title=f"درس إضافي {i}",
            summary=template.summary,
            objectives=template.objectives,
            minutes=5,
            body_source=template.body_source,
            body_html=template.body_html,
            search_title=normalize_arabic(f"درس إضافي {i}"),
            search_text=template.search_text,
            order=100 + i,
        )
        for i in range(n)
    )


def measure(client, url, repeat=20):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    n_queries = len(queries)  # read now: DEBUG's query log is a bounded deque
    assert response.status_code == 200, (url, response.status_code)
    body = response.content
    started = time.perf_counter()
    for _ in range(repeat):
        client.get(url)
    elapsed = (time.perf_counter() - started) / repeat
    return len(body), len(gzip.compress(body)), n_queries, elapsed


def main() -> None:
    _setup_in_memory_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    from tests.factories import UserFactory

    user = UserFactory()
    client = Client()
    client.force_login(user)
    pages = {
        "home": "/",
        "curricula": "/curricula/",
        "curriculum": "/curricula/community/",
        "lesson": "/curricula/community/check-the-claim/",
        "search": "/curricula/search/?q=%D8%A7%D9%84%D8%B5%D9%88%D8%B1%D8%A9",
        "quiz": "/quizzes/check-the-claim-quiz/",
        "dashboard": "/progress/",
    }
    small = {name: measure(client, url) for name, url in pages.items()}
    seed_extra_lessons(200)
    large = {name: measure(client, url) for name, url in pages.items()}
    css = (ROOT / "static/css/site.css").read_bytes()
    js = (ROOT / "static/js/site.js").read_bytes()
    print(f"static: site.css {len(css)} B ({len(gzip.compress(css))} B gzip), site.js {len(js)} B")
    print(f"{'page':<11}{'html B':>8}{'gzip B':>8}{'queries':>9}{'queries+200':>13}{'time ratio':>12}")
    for name in pages:
        html, gz, q_small, t_small = small[name]
        _, _, q_large, t_large = large[name]
        print(f"{name:<11}{html:>8}{gz:>8}{q_small:>9}{q_large:>13}{t_large / t_small:>12.2f}")
    print("(time ratio = mean time with 200 extra lessons / mean time with the 6 real ones;")
    print(f" DEBUG={settings.DEBUG})")


if __name__ == "__main__":
    main()
