"""Markdown -> sanitised HTML for lessons and teachers' guides.

markdown-it-py (CommonMark, raw HTML disabled) renders the Markdown; fenced blocks ``post`` (a
simulated post, YAML), ``tip`` and ``warning`` (callouts, Markdown) become components; nh3 then
sanitises the whole result with an allow-list. ``markdown_problems`` finds what the loader rejects
outright (raw HTML, unsafe links, invalid posts) so an author hears about it instead of having it
silently dropped.
"""

import functools
import hashlib
import html
import re
import secrets
from urllib.parse import urlsplit

import nh3
import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from markdown_it import MarkdownIt

from quizzes.posts import post_errors, post_from_data, render_post

CALLOUTS = {"tip": gettext_noop("What to do"), "warning": gettext_noop("Warning")}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:", re.IGNORECASE)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "aside",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "dir", "lang", "role", "aria-label", "aria-hidden"},
    "a": {"href", "title"},
    "figure": {"data-exercise"},  # the practice-post watermark of our own post cards
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# The generated pictures of post cards (quizzes.posts.placeholder_svg), allowed in post cards
# only: shapes with numbers and colours. No <use>, <image>, <foreignObject>, <animate>/<set>, href
# or style, and every value is checked against SVG_VALUES: nothing in them can load or run.
SVG_ATTRIBUTES = {
    "svg": {"viewBox", "focusable"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "opacity"},
    "circle": {"cx", "cy", "r", "fill", "opacity"},
    "path": {"d", "fill", "opacity"},
    "polygon": {"points", "fill", "opacity"},
}
# Our own post cards (rendered from the autoescaped template, never from an author's HTML) are
# sanitised on their own with these; the rest of a lesson never allows SVG.
CARD_TAGS = ALLOWED_TAGS | set(SVG_ATTRIBUTES)
CARD_ATTRIBUTES = ALLOWED_ATTRIBUTES | SVG_ATTRIBUTES
_NUMBERS = re.compile(r"^[0-9. -]{1,40}$")
SVG_VALUES = {
    "fill": re.compile(r"^#[0-9a-fA-F]{3,8}$"),
    "d": re.compile(r"^[MQVHZmqvhz0-9. -]{1,200}$"),
    "points": re.compile(r"^[0-9. ]{1,200}$"),
    "focusable": re.compile(r"^false$"),
}


def _svg_attribute(tag: str, name: str, value: str) -> str | None:
    if tag not in SVG_ATTRIBUTES or name not in SVG_ATTRIBUTES[tag]:
        return value  # the HTML allow-list above has already judged it
    return value if SVG_VALUES.get(name, _NUMBERS).match(value) else None


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.add_render_rule("fence", _render_fence)
    return md


def _render_fence(self, tokens, idx, options, env):
    token = tokens[idx]
    kind = token.info.strip().split(" ")[0]
    if kind == "post":
        card = render_post(post_from_data(yaml.safe_load(token.content)))
        if "posts" not in env:
            return card + "\n"
        # A slot the sanitiser keeps as text and no author can guess; render_markdown puts the card,
        # sanitised with the card allow-list, in its place.
        env["posts"].append(card)
        return f"<p>{_slot(env, len(env['posts']) - 1)}</p>\n"
    if kind in CALLOUTS:
        inner = _parser().render(token.content, env)
        title = html.escape(_(CALLOUTS[kind]))
        return (
            f'<aside class="callout callout-{kind}" role="note">'
            f'<p class="callout-title">{title}</p>{inner}</aside>\n'
        )
    return f"<pre><code>{html.escape(token.content)}</code></pre>\n"


def _slot(env: dict, index: int) -> str:
    return f"wai-post-{env['nonce']}-{index}"


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def sanitize_post_card(card_html: str) -> str:
    """A post card's HTML through nh3: the lesson allow-list plus the shapes of its picture."""
    return nh3.clean(
        card_html,
        tags=CARD_TAGS,
        attributes=CARD_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_svg_attribute,
    )


@functools.cache
def renderer_version() -> str:
    """A fingerprint of what turns a lesson into HTML besides its text: the post card template and
    the sanitiser's allow-lists. The loader stores it in each lesson's content hash, so a new post
    style or a changed card re-renders every lesson, not only the ones whose text changed."""
    from django.template.loader import get_template

    card = get_template("quizzes/post_card.html").template.source
    rules = repr([(sorted(t), sorted((k, sorted(v)) for k, v in a.items())) for t, a in ALLOW_LISTS])
    return hashlib.sha256((card + rules).encode()).hexdigest()[:16]


ALLOW_LISTS = ((ALLOWED_TAGS, ALLOWED_ATTRIBUTES), (CARD_TAGS, CARD_ATTRIBUTES))


def render_markdown(source: str) -> str:
    """Sanitised HTML for trusted-format, untrusted-content Markdown. Post cards are sanitised on
    their own (sanitize_post_card), so only they may carry their generated SVG picture."""
    env = {"posts": [], "nonce": secrets.token_hex(8)}
    result = sanitize(_parser().render(source or "", env))
    for index, card in enumerate(env["posts"]):
        result = result.replace(f"<p>{_slot(env, index)}</p>", sanitize_post_card(card), 1)
    return result


def markdown_problems(source: str) -> list[tuple[str, str]]:
    """(where, message) for raw HTML, unsafe links and invalid post blocks in ``source``."""
    problems = []
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.validateLink = lambda url: True  # see every link, even those the renderer drops (data:...)
    line = None
    for token in _walk(md.parse(source or "")):
        if token.map:
            line = token.map[0] + 1
        where = f"line {line}" if line else "body"
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip().splitlines()[0][:60] if token.content.strip() else ""
            problems.append((where, f"raw HTML is not allowed ({snippet})"))
        elif token.type in ("link_open", "image"):
            attr = "href" if token.type == "link_open" else "src"
            url = str(token.attrs.get(attr, ""))
            scheme = urlsplit(url.strip()).scheme.lower()
            if token.type == "image":
                problems.append(
                    (
                        where,
                        "images are not allowed in lessons; describe them in a post's image_alt",
                    )
                )
            elif scheme not in SAFE_SCHEMES or url.strip().lower().startswith(
                ("javascript", "data", "vbscript")
            ):
                problems.append((where, f"unsafe link {url!r}: only http(s), mailto or relative links"))
        elif token.type == "fence":
            kind = token.info.strip().split(" ")[0]
            if kind == "post":
                try:
                    data = yaml.safe_load(token.content)
                except yaml.YAMLError as exc:
                    problems.append((where, f"post block is not valid YAML: {exc}"))
                    continue
                for field, message in post_errors(data):
                    problems.append((where, f"post {field} {message}"))
            elif kind in CALLOUTS:
                problems.extend(markdown_problems(token.content))
    # markdown-it's own link validator turns javascript: links into text; catch them too, also
    # written with entities (&#106;avascript:), mixed case or whitespace inside (java\tscript:).
    if _SCRIPT_SCHEME.search(re.sub(r"\s+", "", html.unescape(source or ""))):
        problems.append(("body", "javascript: links are not allowed"))
    return problems


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def plain_text(source: str) -> str:
    """Readable text of the Markdown (for search), without markup."""
    md = MarkdownIt("commonmark", {"html": False})
    parts = []
    for token in _walk(md.parse(source or "")):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "fence":
            if token.info.strip().startswith("post"):
                try:
                    data = yaml.safe_load(token.content) or {}
                except yaml.YAMLError:
                    data = {}
                if isinstance(data, dict):
                    parts.append(str(data.get("text", "")))
            else:
                parts.append(plain_text(token.content))
    return " ".join(parts)
