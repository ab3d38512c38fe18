"""The simulated social-media post: validation and rendering, shared by quizzes and lessons.

A post is plain data (from YAML): author, handle, platform (the style it is drawn in), time, text,
optional image_alt, counts and the fields of its style (subscribers, members, forwarded_from,
replies...). It is rendered by one server-side template, ``quizzes/post_card.html``, which also
draws the red-flag version (the parts as check boxes). No style copies a real app: no logos, no
brand names, no brand colours; every card carries the practice-post label and watermark.

Images are never photos: :func:`placeholder_svg` draws a small scene from a hash of the post's
text, with an icon and the alt text as its accessible name.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PLATFORMS = {
    "feed": _("Social feed"),
    "group": _("Messaging group"),
    "video": _("Video site"),
    "channel": _("Broadcast channel"),
    "chat": _("Private chat"),
    "game_chat": _("Game chat"),
    "forwarded": _("Forwarded message"),
    "short_video": _("Short video"),
    "thread": _("Comment thread"),
}
# Styles drawn as message bubbles in a chat window.
CHAT_STYLES = ("chat", "group", "forwarded")
HANDLE_RE = re.compile(r"^@[A-Za-z0-9_.]{2,40}$")
REQUIRED = ("author", "handle", "platform", "text")
COUNTS = ("likes", "shares", "comments", "views", "subscribers", "members")
TEXTS = ("time", "image_alt", "group_name", "forwarded_from")
OPTIONAL = TEXTS + COUNTS + ("forwarded_many", "replies")
# Fields only some styles show: a field given to another style would silently vanish.
STYLE_FIELDS = {
    "views": ("feed", "video", "channel", "short_video", "thread"),
    "subscribers": ("video", "channel"),
    "members": ("group", "game_chat"),
    "group_name": ("group", "game_chat"),
    "forwarded_from": ("channel", "chat", "group", "forwarded"),
    "forwarded_many": ("chat", "group", "forwarded"),
}
REPLY_FIELDS = ("author", "handle", "text")
MAX_REPLIES = 8


@dataclass(frozen=True)
class Reply:
    author: str
    text: str
    handle: str = ""

    @property
    def initials(self) -> str:
        return arabic_initials(self.author)

    @property
    def tone(self) -> int:
        return _tone(self.author)


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
    views: int | None = None
    subscribers: int | None = None
    members: int | None = None
    group_name: str = ""
    forwarded_from: str = ""
    forwarded_many: bool = False
    replies: tuple[Reply, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def initials(self) -> str:
        return arabic_initials(self.author)

    @property
    def tone(self) -> int:
        """One of six avatar colours (CSS classes ``tone-0`` ... ``tone-5``), fixed by the name."""
        return _tone(self.author)

    @property
    def group_initials(self) -> str:
        """The group's initials; empty for a group without a name (drawn as a generic group)."""
        return arabic_initials(self.group_name) if self.group_name else ""

    @property
    def group_tone(self) -> int:
        return _tone(self.group_name or self.author)

    @property
    def platform_label(self) -> str:
        return str(PLATFORMS.get(self.platform, PLATFORMS["feed"]))

    @property
    def is_chat(self) -> bool:
        return self.platform in CHAT_STYLES

    @property
    def has_counts(self) -> bool:
        return any(getattr(self, name) is not None for name in ("likes", "comments", "shares"))

    @property
    def seed(self) -> str:
        return "\x1f".join((self.author, self.text, self.image_alt))

    @cached_property
    def image_svg(self) -> SafeString:
        """The generated picture for ``image_alt``; on a video site the video's frame, with a play
        button, drawn as decoration when the post describes no picture."""
        label = f"{gettext('Image')}: {self.image_alt}" if self.image_alt else ""
        if self.platform == "video":
            return placeholder_svg(self.seed, label=label, icon="play")
        return placeholder_svg(self.seed, label=label) if label else SafeString()

    @cached_property
    def frame_svg(self) -> SafeString:
        """The short video's upright frame: the described picture, or decoration when none is."""
        label = f"{gettext('Video frame')}: {self.image_alt}" if self.image_alt else ""
        return placeholder_svg(self.seed, label=label, icon="", width=240, height=320)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _tone(text: str) -> int:
    return _digest(text)[0] % 6


# Initials -----------------------------------------------------------------------------------------
#
# The rule (docs/content-authoring.md, "Simulated posts", Avatars):
# - cut the name at a separator (" - ", "(", "|", a quotation mark...);
# - drop a leading title or kinship word (الأستاذ، الست، العمة، د. ...) when a name follows it;
# - split the rest into name units: عبد, أبو/أبي/أبا or أم takes the next word with it
#   (عبد الله، أبو يوسف); the family word «آل», and بن/ابن/بنت between names, are skipped;
# - each unit gives the first letter of its first word, after the article «ال» (الجبوري -> ج);
# - the first two units give the initials, kept apart by a zero-width non-joiner so they show as
#   separate letters: «عبد الله الجبوري» -> «ع‌ج», «أبو يوسف» -> «أ», «الست شيرين» -> «ش»,
#   «Sara Ali» -> «SA».

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_CUT = re.compile(r"\s[-–—|·:]\s|[(\[«\"“]")
# Titles and kinship words said before a name (compared without harakat).
TITLES = frozenset(
    {
        *("الأستاذ", "الأستاذة", "الاستاذ", "الاستاذة", "الست", "السيد", "السيدة"),
        *("الدكتور", "الدكتورة", "د.", "د", "الحاج", "الحاجة", "الشيخ", "المهندس", "المهندسة"),
        *("المعلم", "المعلمة", "الأخ", "الأخت", "العم", "العمة", "الخال", "الخالة", "عمو", "خالو"),
    }
)
JOINS_NEXT = frozenset({"عبد", "أبو", "ابو", "أبي", "ابي", "أبا", "ابا", "أم", "ام"})
NASAB = frozenset({"بن", "ابن", "بنت"})
FAMILY = "آل"  # «آل سعيد»: the family's name gives the letter, as after the article
ZWNJ = "\u200c"


def arabic_initials(name: str) -> str:
    """Avatar initials that make sense for an Arabic (or Latin) name; "?" when there are none."""
    pieces = _CUT.split(unicodedata.normalize("NFC", name or ""))
    name = next((piece for piece in pieces if piece.strip()), "")
    words = [_MARKS.sub("", word) for word in name.split()]
    words = [word for word in words if any(ch.isalpha() for ch in word)]
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    units: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if (word == FAMILY or units and word in NASAB) and i + 1 < len(words):
            i += 1
            continue
        units.append(word)
        i += 2 if word in JOINS_NEXT and i + 1 < len(words) else 1
    letters = [letter for letter in (_first_letter(unit) for unit in units[:2]) if letter]
    return ZWNJ.join(letters) or "?"


def _first_letter(word: str) -> str:
    word = word[next((i for i, ch in enumerate(word) if ch.isalpha()), len(word)) :]
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return next((ch.upper() for ch in word if ch.isalpha()), "")


# Generated pictures -------------------------------------------------------------------------------

# (sky, land, detail): soft colours from the site's own range, none a brand's.
PALETTES = (
    ("#dfe9e4", "#9fc2b0", "#3f6f5c"),
    ("#f1e4d3", "#d6b48e", "#8a5a2b"),
    ("#e3e6f0", "#aab3d4", "#4a5a8c"),
    ("#f3e3e0", "#d6a49c", "#8c4a3f"),
    ("#e8eedc", "#b6cc92", "#5c7a2e"),
    ("#ebe3f0", "#bea8d1", "#5f4a80"),
    ("#e0edee", "#9cc7cc", "#2f6f78"),
    ("#efe9d6", "#d1c186", "#6f6022"),
)


def placeholder_svg(
    seed: str, *, label: str = "", icon: str = "picture", width: int = 320, height: int = 180
) -> SafeString:
    """A tiny inline SVG scene (sky, sun, land, blocks and an icon: "picture", "play" or none)
    drawn from a hash of ``seed``.

    Only numbers and colours from this module go into the markup; ``label`` (escaped) becomes the
    accessible name (role=img); without a label the picture is decoration (aria-hidden).
    """
    d = _digest(seed)
    sky, land, detail = PALETTES[d[0] % len(PALETTES)]
    w, h = width, height
    sun_r = 12 + d[3] % (w // 14)
    sun_x = sun_r + 8 + d[1] * (w - 2 * sun_r - 16) // 255
    sun_y = sun_r + 8 + d[2] * (h // 3) // 255
    left = h * 55 // 100 + d[4] * (h // 4) // 255
    right = h * 55 // 100 + d[5] * (h // 4) // 255
    bend_x = d[6] * w // 255
    bend_y = h * 40 // 100 + d[7] * (h // 4) // 255
    shapes = [
        ("rect", {"width": w, "height": h, "fill": sky}),
        ("circle", {"cx": sun_x, "cy": sun_y, "r": sun_r, "fill": "#fff", "opacity": "0.85"}),
    ]
    for n in range(d[8] % 4):  # 0-3 blocks: houses, towers, a school
        bw = w // 12 + d[9 + n] % (w // 8)
        bx = (d[12 + n] * (w - bw)) // 255
        bh = h // 6 + d[15 + n] % (h // 3)
        shapes.append(
            ("rect", {"x": bx, "y": min(left, right) - bh + 6, "width": bw, "height": bh, "fill": detail})
        )
    shapes.append(("path", {"d": f"M0 {left}Q{bend_x} {bend_y} {w} {right}V{h}H0Z", "fill": land}))
    size = min(w, h) // 5
    if icon == "play":
        cx, cy, r = w // 2, h // 2, size
        shapes.append(("circle", {"cx": cx, "cy": cy, "r": r, "fill": "#1d2430", "opacity": "0.6"}))
        tip = r * 4 // 10
        # The triangle points in the direction of play on every screen (video controls are not
        # mirrored in right-to-left interfaces).
        points = f"{cx - tip} {cy - tip - 4} {cx + tip + 6} {cy} {cx - tip} {cy + tip + 4}"
        shapes.append(("polygon", {"points": points, "fill": "#fff"}))
    elif icon == "picture":
        x, y = w - size - 10, h - size * 3 // 4 - 10
        s = size
        frame = {"x": x, "y": y, "width": s, "height": s * 3 // 4, "rx": 4}
        shapes.append(("rect", {**frame, "fill": "#fff", "opacity": "0.85"}))
        shapes.append(
            (
                "polygon",
                {
                    "points": f"{x + 4} {y + s * 3 // 4 - 4} {x + s * 2 // 5} {y + s // 4}"
                    f" {x + s * 3 // 5} {y + s // 2} {x + s * 3 // 4} {y + s * 3 // 8}"
                    f" {x + s - 4} {y + s * 3 // 4 - 4}",
                    "fill": detail,
                },
            )
        )
    body = format_html_join(
        "",
        "<{} {}></{}>",
        ((tag, format_html_join(" ", '{}="{}"', attrs.items()), tag) for tag, attrs in shapes),
    )
    if label:
        opening = format_html(
            '<svg class="post-art" viewBox="0 0 {} {}" role="img" aria-label="{}" focusable="false">',
            w,
            h,
            label,
        )
    else:
        opening = format_html(
            '<svg class="post-art" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">', w, h
        )
    return format_html("{}{}</svg>", opening, body)


# Validation ---------------------------------------------------------------------------------------


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


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
    platform = data.get("platform")
    if platform and platform not in PLATFORMS:
        errors.append(("platform", f"must be one of {', '.join(PLATFORMS)}"))
    for name in COUNTS:
        value = data.get(name)
        if value is not None and not _is_count(value):
            errors.append((name, "must be a whole number, 0 or more (Western digits, no separators)"))
    for name in ("group_name", "forwarded_from"):
        value = data.get(name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            errors.append((name, "must be a line of text"))
    if "forwarded_many" in data and not isinstance(data["forwarded_many"], bool):
        errors.append(("forwarded_many", "must be true or false"))
    if platform in PLATFORMS:
        for name, styles in STYLE_FIELDS.items():
            if name in data and platform not in styles:
                errors.append((name, f"is not shown on a {platform} post (only on: {', '.join(styles)})"))
    errors.extend(_replies_errors(data.get("replies"), required=platform == "thread"))
    return errors


def _replies_errors(replies, *, required: bool) -> list[tuple[str, str]]:
    if replies is None:
        if not required:
            return []
        return [("replies", "are required on a thread post (a list of {author, handle, text})")]
    if not isinstance(replies, list) or not replies:
        return [("replies", "must be a list of replies, each with author, text and an optional handle")]
    if len(replies) > MAX_REPLIES:
        return [("replies", f"at most {MAX_REPLIES} replies (a card, not a whole thread)")]
    errors = []
    for i, reply in enumerate(replies):
        where = f"replies[{i}]"
        if not isinstance(reply, dict):
            errors.append((where, "must be a mapping with author, text and an optional handle"))
            continue
        for name in reply:
            if name not in REPLY_FIELDS:
                errors.append((f"{where}.{name}", "is not a known reply field (author, handle, text)"))
        for name in ("author", "text"):
            if not isinstance(reply.get(name), str | int | float) or not str(reply.get(name)).strip():
                errors.append((f"{where}.{name}", "is required"))
        handle = reply.get("handle")
        if handle is not None and not HANDLE_RE.match(str(handle)):
            errors.append(
                (f"{where}.handle", f"{handle!r} must look like @name (Latin letters, digits, _ or .)")
            )
    return errors


def post_from_data(data: dict) -> Post:
    """The Post of (validated) data; fields of the wrong type are left out rather than shown."""
    values: dict = {name: str(data.get(name) or "").strip() for name in REQUIRED}
    for name in TEXTS:
        if isinstance(data.get(name), str | int | float):
            values[name] = str(data[name]).strip()
    for name in COUNTS:
        if _is_count(data.get(name)):
            values[name] = data[name]
    values["forwarded_many"] = data.get("forwarded_many") is True
    replies = data.get("replies")
    if isinstance(replies, list):
        values["replies"] = tuple(
            Reply(
                author=str(reply.get("author") or "").strip(),
                handle=str(reply.get("handle") or "").strip(),
                text=str(reply.get("text") or "").strip(),
            )
            for reply in replies[:MAX_REPLIES]
            if isinstance(reply, dict)
        )
    return Post(**values)


def render_post(post: Post) -> str:
    """The post card's HTML (lessons; quiz pages include the template directly)."""
    return render_to_string("quizzes/post_card.html", {"post": post}).strip()
