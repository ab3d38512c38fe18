"""QR codes made locally with segno (no network): class join links, certificate verification,
campaign links (SVG inline for pages, SVG files for print, PNG for chat apps)."""

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


def qr_svg_file(url: str, *, scale: int = 10) -> bytes:
    """A standalone SVG file (XML declaration, quiet zone) to print at any size."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()
