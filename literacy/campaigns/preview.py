"""The link-preview image of a campaign (Open Graph / Twitter card): a 1200 x 630 PNG, since chat
apps show neither SVG nor text-only cards well. Arabic needs shaping (joined letters, right to
left): Pillow's raqm layout (libraqm, with FriBiDi and HarfBuzz) and an Arabic font (Debian's
fonts-noto-core). Without them the image carries no text rather than broken Arabic, and
``manage.py check`` warns (campaigns.W001)."""

import functools
import io
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
INK, MUTED, PAPER, BRAND, BAND = "#1d2430", "#4f5b6b", "#fbfaf7", "#0b6e4f", "#e3f3ec"
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto", "/usr/share/fonts")
FONT_FILES = {
    "bold": ("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf", "DejaVuSans-Bold.ttf"),
    "regular": ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSans.ttf"),
    # Noto's Arabic fonts have no Latin letters nor "#" and "_": text with those is drawn in a font
    # that has both scripts (Pillow has no per-glyph fallback).
    "bold-mixed": ("DejaVuSans-Bold.ttf",),
    "regular-mixed": ("DejaVuSans.ttf",),
}
CACHE_SECONDS = 7 * 86400


@functools.cache
def font_path(weight: str) -> str | None:
    """The first Arabic font found (WAI_PREVIEW_FONT_DIR first, then Debian's font folders)."""
    dirs = [getattr(settings, "WAI_PREVIEW_FONT_DIR", ""), *FONT_DIRS]
    for name in FONT_FILES[weight]:
        for folder in filter(None, dirs):
            found = next(Path(folder).rglob(name), None) if Path(folder).is_dir() else None
            if found is not None:
                return str(found)
    return None


def shaping_available() -> bool:
    from PIL import features

    return bool(features.check("raqm") and font_path("bold") and font_path("regular"))


@functools.cache
def _font_file(weight: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(font_path(weight), size, layout_engine=ImageFont.Layout.RAQM)


@functools.cache
def _covers(weight: str, char: str) -> bool:
    """Whether the font has a glyph for ``char`` (its mask differs from the missing-glyph box)."""
    font = _font_file(weight, 40)
    return char.isspace() or font.getmask(char).getbbox() != font.getmask("\uffff").getbbox()


def _font(weight: str, size: int, text: str = ""):
    """The Arabic font, or the mixed-script one when the text has a character the first lacks."""
    mixed = f"{weight}-mixed"
    if text and font_path(mixed) and not all(_covers(weight, char) for char in set(text)):
        return _font_file(mixed, size)
    return _font_file(weight, size)


def _lines(draw, text: str, font, width: int, limit: int) -> list[str]:
    """Greedy word wrap measured with the shaped text; the last line ends with "…" if cut."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if not line or draw.textlength(candidate, font=font, direction="rtl", language="ar") <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip("،.,") + "…"
    return lines


def _text(draw, xy, text: str, font, fill) -> None:
    draw.text(xy, text, font=font, fill=fill, anchor="ra", direction="rtl", language="ar")


def render(campaign) -> bytes:
    """The PNG of the campaign's card: hashtag, name, the start of the intro, the organisation."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((WIDTH - 24, 0, WIDTH, HEIGHT), fill=BRAND)
    draw.rectangle((0, HEIGHT - 110, WIDTH - 24, HEIGHT), fill=BAND)
    mark = (MARGIN, 56, MARGIN + 56, 112)
    draw.ellipse(mark, outline=BRAND, width=10)
    draw.ellipse((mark[0] + 18, mark[1] + 18, mark[2] - 18, mark[3] - 18), fill=BRAND)
    if not shaping_available():
        return _png(image)
    right, width = WIDTH - MARGIN - 24, WIDTH - 2 * MARGIN - 24
    with translation.override("ar"):
        site, tagline = str(settings.WAI_SITE_NAME), _("A short lesson and a quiz · no account needed")
    _text(draw, (right, 48), site, _font("bold", 44, site), BRAND)
    y = 140
    hashtag = campaign.hashtag_display
    hashtag_font = _font("bold", 66, hashtag)
    for line in _lines(draw, hashtag, hashtag_font, width, 1):
        _text(draw, (right, y), line, hashtag_font, BRAND)
        y += 96
    name_font = _font("bold", 50, campaign.name)
    for line in _lines(draw, campaign.name, name_font, width, 2):
        _text(draw, (right, y), line, name_font, INK)
        y += 76
    intro = " ".join(campaign.intro.split())
    intro_font = _font("regular", 32, intro)
    for line in _lines(draw, intro, intro_font, width, 5 if y < 300 else 3):
        if y > HEIGHT - 170:
            break
        _text(draw, (right, y + 8), line, intro_font, MUTED)
        y += 54
    _text(draw, (right, HEIGHT - 88), tagline, _font("bold", 34, tagline), INK)
    organisation = campaign.organisation.name
    draw.text(
        (MARGIN, HEIGHT - 84),
        organisation,
        font=_font("regular", 30, organisation),
        fill=MUTED,
        anchor="la",
        direction="rtl",
        language="ar",
    )
    return _png(image)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def preview_png(campaign) -> bytes:
    """The campaign's PNG, rendered once per version of the campaign and kept in the cache."""
    key = f"campaigns:preview:{campaign.pk}:{int(campaign.updated.timestamp())}"
    data = cache.get(key)
    if data is None:
        data = render(campaign)
        cache.set(key, data, CACHE_SECONDS)
    return data
