"""The simulated social-media post: validation and rendering, shared by quizzes and lessons.

A post is plain data (from YAML): author, handle, platform, time, text, optional image_alt and
counts. It is rendered by one server-side template, ``quizzes/post_card.html``.
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

PLATFORMS = {
    "feed": _("Social feed"),
    "group": _("Messaging group"),
    "video": _("Video site"),
}
HANDLE_RE = re.compile(r"^@[A-Za-z0-9_.]{2,40}$")
REQUIRED = ("author", "handle", "platform", "text")
OPTIONAL = ("time", "image_alt", "likes", "shares", "comments")
COUNTS = ("likes", "shares", "comments")


@dataclass(frozen=True)
class Post:
    author: str
    handle: str
    platform: str
    text: str
    time: str = ""
    image_alt: str = ""
    likes: int | None = None
    shares: int | None = None
    comments: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def initials(self) -> str:
        words = [w for w in self.author.split() if w]
        return "".join(w[0] for w in words[:2]) or "?"

    @property
    def platform_label(self) -> str:
        return str(PLATFORMS[self.platform])


def post_errors(data, *, require_text: bool = True) -> list[tuple[str, str]]:
    """(field, message) for every problem in a post's data; empty when valid."""
    if not isinstance(data, dict):
        return [("post", "must be a mapping of fields (author, handle, platform, text...)")]
    errors = []
    required = REQUIRED if require_text else tuple(f for f in REQUIRED if f != "text")
    for name in required:
        if not str(data.get(name) or "").strip():
            errors.append((name, "is required"))
    for name in data:
        if name not in REQUIRED + OPTIONAL:
            errors.append((name, "is not a known post field"))
    handle = str(data.get("handle") or "")
    if handle and not HANDLE_RE.match(handle):
        errors.append(("handle", f"{handle!r} must look like @name (Latin letters, digits, _ or .)"))
    if data.get("platform") and data["platform"] not in PLATFORMS:
        errors.append(("platform", f"must be one of {', '.join(PLATFORMS)}"))
    for name in COUNTS:
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors.append((name, "must be a whole number, 0 or more"))
    return errors


def post_from_data(data: dict) -> Post:
    known = {k: data[k] for k in REQUIRED + OPTIONAL if k in data}
    known.setdefault("text", "")
    known = {k: (str(v).strip() if k not in COUNTS else v) for k, v in known.items()}
    return Post(**known)


def render_post(post: Post, *, body_html: str = "", selectable: bool = False) -> str:
    """The post card's HTML. ``body_html`` replaces the text (used by red-flag questions)."""
    return render_to_string(
        "quizzes/post_card.html", {"post": post, "body_html": body_html, "selectable": selectable}
    ).strip()
