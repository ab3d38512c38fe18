"""QR codes made locally with segno (no network): class join links, certificate verification."""

import io

import segno


def qr_svg(url: str, *, scale: int = 5, title: str = "", omitsize: bool = False) -> str:
    """Inline SVG. With ``omitsize`` the SVG has only a viewBox, so CSS sizes it (print, PDF)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=scale, title=title or None, svgclass="qr", lineclass=None, omitsize=omitsize)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
