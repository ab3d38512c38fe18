"""QR codes of join links, made locally with segno (no network)."""

import io

import segno


def qr_svg(url: str, *, scale: int = 5, title: str = "") -> str:
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=scale, title=title or None, svgclass="qr", lineclass=None, omitsize=False)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
