"""How a campaign link looks when pasted in a chat: Arabic Open Graph and Twitter card tags, and a
PNG preview image whose Arabic is shaped (joined letters, right to left); and the landing page's
weight on a first visit."""

import gzip
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from literacy.campaigns import preview
from tests.campaigns.conftest import PHONE_UA

pytestmark = pytest.mark.django_db


def _meta(page: str) -> dict:
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page)
    return {name: unescape(content) for name, content in tags}


def test_the_landing_page_has_arabic_open_graph_and_twitter_tags(client, cast):
    source = cast.source
    page = client.get(
        source.get_absolute_url(), headers={"User-Agent": "WhatsApp/2.23.20.0 A"}
    ).content.decode()
    meta = _meta(page)
    assert meta["og:url"] == f"http://testserver/c/{source.code}"
    assert meta["og:title"] == "#فكر_قبل_أن_تشارك · فكّر قبل أن تشارك"
    assert meta["og:description"].startswith("قبل أن تعيد نشر خبر")
    assert meta["og:locale"] == "ar_AR"
    assert meta["og:image"] == f"http://testserver/c/{source.code}/preview.png"
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == (
        "1200",
        "630",
        "image/png",
    )
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:title"] == meta["og:title"]
    assert '<html lang="ar" dir="rtl">' in page


def test_the_preview_image_is_a_png_with_shaped_arabic(client, cast, artifacts_dir):
    from PIL import Image, ImageDraw, ImageFont

    assert preview.shaping_available(), "Pillow's raqm layout and an Arabic font are needed"
    response = client.get(reverse("campaigns:preview", kwargs={"code": cast.source.code}))
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    (artifacts_dir / "campaign-preview.png").write_bytes(response.content)
    # Shaping: the font draws the hashtag's letters joined (narrower than isolated forms), right
    # to left; drawn without raqm the same text comes out wider, letter by letter.
    text = cast.campaign.hashtag_display
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    shaped = ImageFont.truetype(preview.font_path("bold"), 66, layout_engine=ImageFont.Layout.RAQM)
    unshaped = ImageFont.truetype(preview.font_path("bold"), 66, layout_engine=ImageFont.Layout.BASIC)
    assert draw.textlength(text, font=shaped, direction="rtl", language="ar") < draw.textlength(
        text, font=unshaped
    )
    # The image is rendered once per version of the campaign, then served from the cache.
    assert (
        client.get(reverse("campaigns:preview", kwargs={"code": cast.source.code})).content
        == response.content
    )


def test_without_shaping_the_preview_carries_no_broken_arabic(cast, monkeypatch):
    monkeypatch.setattr(preview, "shaping_available", lambda: False)
    from PIL import Image

    image = Image.open(io.BytesIO(preview.render(cast.campaign)))
    assert image.size == (1200, 630)
    colours = {colour for _count, colour in image.getcolors(maxcolors=100000)}
    assert len(colours) < 40  # background, bands and the brand mark: no text drawn


def test_the_first_visit_of_the_landing_page_weighs_at_most_30_kb(client, cast):
    """Everything a phone downloads on the first visit: the page, its style sheet and script, the
    favicon (no web font, no third-party request). The page as sent (Django does not compress
    it), the static files compressed as whitenoise serves them in production; the page alone
    stays small whatever the shared style sheet grows to."""
    page = client.get(cast.source.get_absolute_url(), headers={"User-Agent": PHONE_UA})
    html = page.content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert assets, "the page links its style sheet"
    sizes = {"page": len(html)}
    compressed = {"page": len(gzip.compress(html))}
    for path in assets:
        if path.endswith(b"print.css"):
            continue  # media="print": not downloaded to show the page
        body = b"".join(client.get(path.decode()).streaming_content)
        sizes[path.decode()] = len(body)
        compressed[path.decode()] = len(gzip.compress(body))
    assert not re.search(rb'(?:src="|rel="(?:stylesheet|icon)" href=")https?://', html), (
        "no third-party resource"
    )
    sent = sizes["page"] + sum(size for name, size in compressed.items() if name != "page")
    print(f"landing first load: {sent} bytes sent, {sum(sizes.values())} uncompressed: {sizes}")
    assert sent <= 30 * 1024, compressed
    assert sizes["page"] <= 10 * 1024
