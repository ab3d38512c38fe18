"""QR codes of join links: the site's one QR maker lives in core (certificates use it too)."""

from literacy.core.qr import qr_png, qr_svg

__all__ = ["qr_png", "qr_svg"]
