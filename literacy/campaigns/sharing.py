"""Ready-to-copy share texts (always in Arabic: the campaigns speak to Arabic readers, whatever
the interface language of the person copying them) and plain share links to the chat apps and
networks. The links are ordinary links: no third-party script or image is loaded by our pages."""

from urllib.parse import quote, urlencode

from django.utils import translation
from django.utils.translation import gettext as _


def source_share_text(*, campaign, url: str) -> str:
    """The text a partner posts with its link."""
    with translation.override("ar"):
        return _(
            "%(hashtag)s %(name)s: a short lesson and a quiz on telling misleading posts from reliable "
            "ones, in a few minutes and without an account. %(url)s"
        ) % {"hashtag": campaign.hashtag_display, "name": campaign.name, "url": url}


def learner_share_text(*, campaign, url: str) -> str:
    """The text of a learner's share card: nothing about them, neither a name nor a score."""
    with translation.override("ar"):
        return _(
            "I did the short lesson and quiz of %(hashtag)s. Can you tell a misleading post from a "
            "reliable one? Try it, no account needed: %(url)s"
        ) % {"hashtag": campaign.hashtag_display, "url": url}


def share_links(*, text: str, url: str) -> list[tuple[str, str]]:
    """(name, link) for WhatsApp, Telegram, Facebook and X; the text already holds the URL."""
    without_url = text.replace(url, "").strip()
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text}, quote_via=quote)),
        (
            "Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": without_url}, quote_via=quote),
        ),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"text": text}, quote_via=quote)),
    ]
