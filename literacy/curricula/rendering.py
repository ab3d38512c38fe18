"""Markdown -> sanitised HTML for lessons and teachers' guides.

markdown-it-py (CommonMark, raw HTML disabled) renders the Markdown; fenced blocks ``post`` (a
simulated post, YAML), ``tip`` and ``warning`` (callouts, Markdown) become components; nh3 then
sanitises the whole result with an allow-list. ``markdown_problems`` finds what the loader rejects
outright (raw HTML, unsafe links, invalid posts) so an author hears about it instead of having it
silently dropped.
"""

import html
from urllib.parse import urlsplit

import nh3
import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from markdown_it import MarkdownIt

from quizzes.posts import post_errors, post_from_data, render_post

CALLOUTS = {"tip": gettext_noop("What to do"), "warning": gettext_noop("Warning")}
SAFE_SCHEMES = {"", "http", "https", "mailto"}

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


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.add_render_rule("fence", _render_fence)
    return md


def _render_fence(self, tokens, idx, options, env):
    token = tokens[idx]
    kind = token.info.strip().split(" ")[0]
    if kind == "post":
        data = yaml.safe_load(token.content)
        return render_post(post_from_data(data)) + "\n"
    if kind in CALLOUTS:
        inner = _parser().render(token.content)
        title = html.escape(_(CALLOUTS[kind]))
        return (
            f'<aside class="callout callout-{kind}" role="note">'
            f'<p class="callout-title">{title}</p>{inner}</aside>\n'
        )
    return f"<pre><code>{html.escape(token.content)}</code></pre>\n"


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Sanitised HTML for trusted-format, untrusted-content Markdown."""
    return sanitize(_parser().render(source or ""))


def markdown_problems(source: str) -> list[tuple[str, str]]:
    """(where, message) for raw HTML, unsafe links and invalid post blocks in ``source``."""
    problems = []
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
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
    # markdown-it's own link validator turns javascript: links into text; catch them too.
    if "javascript:" in (source or "").lower():
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
