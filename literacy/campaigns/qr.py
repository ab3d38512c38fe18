"""QR codes of the short links, made locally with segno (no network): SVG for the page and for
printing at any size, PNG for chat apps and word processors."""

import io

import segno


def qr_svg(url: str, *, scale: int = 5, title: str = "") -> str:
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=scale, title=title or None, svgclass="qr", lineclass=None, omitsize=False)


def qr_svg_file(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
