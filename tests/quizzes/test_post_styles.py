"""The simulated post styles (quizzes/posts.py): clear errors for bad data, every field of every
style shown with Western digits, the practice label and watermark on every style (red-flag cards
too), hostile text escaped in every field, avatar initials that make sense for Arabic names, and a
small generated picture instead of a photo."""

import copy
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from quizzes.loader import quiz_errors
from quizzes.posts import (
    PLATFORMS,
    ZWNJ,
    arabic_initials,
    placeholder_svg,
    post_errors,
    post_from_data,
    render_post,
)
from tests.quizzes.conftest import SAMPLE, TECHNIQUES
from tests.quizzes.post_styles import SAMPLES, hostile, shown_texts

LABEL = "منشور تدريبي — غير حقيقي"
EASTERN_DIGITS = re.compile("[٠-٩۰-۹]")
COUNT_MSGIDS = {
    "likes": ("%(counter)s like", "%(counter)s likes"),
    "comments": ("%(counter)s comment", "%(counter)s comments"),
    "shares": ("%(counter)s share", "%(counter)s shares"),
    "views": ("%(counter)s view", "%(counter)s views"),
    "subscribers": ("%(counter)s subscriber", "%(counter)s subscribers"),
    "members": ("%(counter)s member", "%(counter)s members"),
}


@pytest.fixture(autouse=True)
def arabic():
    with translation.override("ar"):
        yield


def card(data) -> str:
    return render_post(post_from_data(data))


def count_text(name: str, n: int, platform: str) -> str:
    one, many = COUNT_MSGIDS[name]
    if name == "members" and platform == "game_chat":
        one, many = "%(counter)s player", "%(counter)s players"
    return ngettext(one, many, n) % {"counter": n}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_sample_of_every_style_is_valid(platform):
    assert post_errors(SAMPLES[platform]) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_style_shows_its_fields_label_and_watermark(platform):
    data = SAMPLES[platform]
    html = card(data)
    assert f'class="post-card post-{platform}"' in html
    assert f'class="post-exercise">{LABEL}' in html, "the visible practice label"
    assert f'data-exercise="{LABEL}"' in html, "the watermark drawn by CSS"
    assert str(PLATFORMS[platform]) in html, "the style's name, translated"
    for text in shown_texts(data):
        assert escape(text) in html, text
    for name in COUNT_MSGIDS:
        if name in data:
            assert count_text(name, data[name], platform) in html, name
            assert str(data[name]) in html, "Western digits"
    assert not EASTERN_DIGITS.search(html)
    assert " style=" not in html, "the CSP allows no inline style attributes"


def test_the_forwarded_markers():
    assert "أُعيد توجيهها مرات كثيرة" in card(SAMPLES["forwarded"])
    assert "مُعاد توجيهها" in card({**SAMPLES["forwarded"], "forwarded_many": False})
    assert "مُعاد توجيهها من نشرة الطقس المحلية" in card(SAMPLES["channel"])
    group = card(SAMPLES["group"])
    assert "أُعيد توجيهها مرات كثيرة" in group and "38 عضوًا" in group
    assert "توجيهها" not in card(SAMPLES["feed"])


def test_replies_are_shown_as_the_style_shows_them():
    thread = card(SAMPLES["thread"])
    assert thread.count('class="post-reply"') == 3
    assert 'class="post-avatar post-avatar-small tone-' in thread
    chat = card(SAMPLES["chat"])
    assert "post-bubble post-bubble-reply post-bubble-out" in chat, "the reader's reply on the other side"
    game = card(SAMPLES["game_chat"])
    assert game.count('class="post-log-line"') == 3 and "4 لاعبين" in game
    group = card(SAMPLES["group"])
    assert "post-bubble-out" not in group, "a group chat: everyone else's messages on one side"


def test_a_group_without_a_name_gets_a_generic_avatar_not_the_senders():
    html = card({k: v for k, v in SAMPLES["group"].items() if k != "group_name"})
    assert '<span class="post-avatar post-avatar-group" aria-hidden="true"></span>' in html
    assert "مجموعة مراسلة" in html


@pytest.mark.parametrize("platform", PLATFORMS)
def test_hostile_text_is_escaped_in_every_field(platform):
    data = hostile(platform)
    assert post_errors(data) == []
    html = card(data)
    assert "<script" not in html and "<img" not in html
    fields = [v for k, v in data.items() if isinstance(v, str) and k not in ("platform", "handle")]
    fields += [r[k] for r in data.get("replies", []) for k in ("author", "text")]
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= len(fields)
    assert "&amp;amp;" in html
    assert 'alert("x")' not in html, "quotes escaped inside attributes (aria-label)"


# Validation: every problem named, with the field, in words an author understands.
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"platform": "clips"}, "platform", "must be one of feed, group, video, channel"),
        (
            {"platform": "feed", "subscribers": 10},
            "subscribers",
            "not shown on a feed post (only on: video, channel)",
        ),
        ({"platform": "chat", "views": 10}, "views", "not shown on a chat post"),
        ({"platform": "feed", "members": 3}, "members", "only on: group, game_chat"),
        ({"platform": "feed", "forwarded_many": True}, "forwarded_many", "not shown on a feed post"),
        ({"platform": "channel", "views": "1,200"}, "views", "whole number"),
        ({"platform": "channel", "views": "١٢٠٠"}, "views", "Western digits"),
        ({"platform": "channel", "subscribers": -5}, "subscribers", "0 or more"),
        ({"platform": "group", "members": True}, "members", "whole number"),
        ({"platform": "group", "forwarded_many": "yes"}, "forwarded_many", "true or false"),
        ({"platform": "group", "group_name": ""}, "group_name", "line of text"),
        ({"platform": "channel", "forwarded_from": 12}, "forwarded_from", "line of text"),
        ({"platform": "thread"}, "replies", "required on a thread post"),
        ({"replies": "نعم"}, "replies", "must be a list"),
        ({"replies": []}, "replies", "must be a list"),
        ({"replies": [{"author": "علي"}]}, "replies[0].text", "is required"),
        ({"replies": [{"text": "نص"}]}, "replies[0].author", "is required"),
        ({"replies": [{"author": "علي", "text": "نص", "handle": "ali"}]}, "replies[0].handle", "@name"),
        (
            {"replies": [{"author": "علي", "text": "نص", "likes": 2}]},
            "replies[0].likes",
            "not a known reply field",
        ),
        ({"replies": ["نص"]}, "replies[0]", "must be a mapping"),
        ({"replies": [{"author": "علي", "text": "نص"}] * 9}, "replies", "at most 8"),
        ({"colour": "أحمر"}, "colour", "not a known post field"),
    ],
)
def test_invalid_post_fields_are_reported_with_the_field(change, field, words):
    data = {"author": "صفحة الحي", "handle": "@hay_page", "platform": "feed", "text": "نص", **change}
    problems = post_errors(data)
    assert any(f == field and words in message for f, message in problems), problems


def test_the_quiz_loader_names_the_question_and_the_post_field():
    data = copy.deepcopy(SAMPLE)
    data["questions"][3]["post"].update(platform="thread")
    data["questions"][7]["posts"][1].update(platform="chat", subscribers=4)
    problems = [
        f"{field}: {message}" for field, message in quiz_errors(data, technique_slugs=set(TECHNIQUES))
    ]
    assert any("post.replies: are required on a thread post" in p for p in problems), problems
    assert any("posts[1].subscribers: is not shown on a chat post" in p for p in problems), problems


def test_post_data_of_the_wrong_type_is_left_out_not_shown():
    post = post_from_data(
        {**SAMPLES["thread"], "views": "many", "replies": ["x", {"author": "علي", "text": "نعم"}]}
    )
    assert post.views is None and [r.author for r in post.replies] == ["علي"]
    assert post_from_data({**SAMPLES["group"], "forwarded_many": "yes"}).forwarded_many is False


# Initials: see the rule in quizzes/posts.py and docs/content-authoring.md ("Avatars").
@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("عبد الله الجبوري", "عج"),
        ("عبدالله الجبوري", "عج"),
        ("عبد الرحمن", "ع"),
        ("أبو يوسف", "أ"),
        ("أبو يوسف الموصلي", "أم"),
        ("أم علي", "أ"),
        ("محمد بن علي الكردي", "مع"),
        ("عائلة آل سعيد", "عس"),
        ("الست شيرين - مربية الصف الثاني ب", "ش"),
        ("العمة وفاء", "و"),
        ("العمّة وفاء", "و"),
        ("د. سامر عبد الكريم - خبير اقتصادي", "سع"),
        ("الأستاذ", "أ"),
        ("دائرة ماء المدينة (اسم متخيَّل)", "دم"),
        ("«صوت الحي»", "صح"),
        ("مُحَمَّد", "م"),
        ("هيمن رشيد", "هر"),
        ("Sara Ali", "SA"),
        ("🎮 نجم الفريق", "نف"),
        ("", "?"),
        ("🎮 !!", "?"),
    ],
)
def test_avatar_initials_make_sense_for_arabic_names(name, initials):
    assert arabic_initials(name).replace(ZWNJ, "") == initials


def test_two_initials_are_shown_as_separate_letters():
    assert arabic_initials("عبد الله الجبوري") == "ع\u200cج"


# The generated picture
def test_a_described_image_is_an_accessible_generated_picture():
    html = card(SAMPLES["feed"])
    alt = SAMPLES["feed"]["image_alt"]
    assert f'<svg class="post-art" viewBox="0 0 320 180" role="img" aria-label="صورة: {alt}"' in html
    assert "post-image-caption" in html and alt in html
    assert "<svg" not in card({k: v for k, v in SAMPLES["feed"].items() if k != "image_alt"})


def test_the_picture_is_derived_from_the_post_and_tiny():
    first = placeholder_svg("نص أول", label="صورة")
    assert first == placeholder_svg("نص أول", label="صورة"), "deterministic"
    others = {placeholder_svg(f"نص {i}", label="صورة") for i in range(12)}
    assert len(others) == 12, "different posts, different pictures"
    assert len(first) < 1500
    for svg in others | {placeholder_svg("x", icon="play"), placeholder_svg("y", width=240, height=320)}:
        assert set(re.findall(r"<(\w+)", svg)) <= {"svg", "rect", "circle", "path", "polygon"}
        assert not re.search(r"\s(style|href|on\w+)=", svg)
        assert all(re.fullmatch(r"#[0-9a-f]{6}|#fff", c) for c in re.findall(r'fill="([^"]*)"', svg))


def test_video_frames_without_a_description_are_decoration():
    video = card({k: v for k, v in SAMPLES["video"].items()})
    assert '<svg class="post-art" viewBox="0 0 320 180" aria-hidden="true"' in video, (
        "a frame with a play button"
    )
    assert "<polygon" in video
    short = card({k: v for k, v in SAMPLES["short_video"].items() if k != "image_alt"})
    assert '<svg class="post-art" viewBox="0 0 240 320" aria-hidden="true"' in short
    described = card(SAMPLES["short_video"])
    assert f'role="img" aria-label="لقطة من المقطع: {SAMPLES["short_video"]["image_alt"]}"' in described


def test_the_picture_label_is_escaped():
    svg = placeholder_svg("x", label='صورة: "><script>')
    assert "<script>" not in svg and 'aria-label="صورة: &quot;&gt;&lt;script&gt;"' in svg


# Red-flag cards: the same style, the parts as check boxes
def _red_flag_card(platform: str, selected=("2",)) -> str:
    data = hostile(platform)
    frame = post_from_data({**data, "text": ""})

    def shown(position, text=""):
        return SimpleNamespace(position=position, option=SimpleNamespace(text=text))

    parts = {
        "account": [shown(1)],
        "text": [shown(2, "جزء أول <b>x</b>"), shown(3, "جزء ثان")],
        "share_prompt": [shown(5, "انشرها <i>الآن</i>")],
    }
    if data.get("image_alt"):
        parts["caption"] = [shown(4, "صُوّرت اليوم <u>x</u>")]
    return render_to_string(
        "quizzes/_red_flags_post.html",
        {
            "view": SimpleNamespace(post=frame, parts=parts),
            "form": SimpleNamespace(selected={"flags": list(selected)}),
        },
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_red_flag_cards_keep_the_style_the_label_and_every_part(platform):
    html = _red_flag_card(platform)
    assert f'class="post-card post-{platform} post-selectable"' in html
    assert f'class="post-exercise">{LABEL}' in html and f'data-exercise="{LABEL}"' in html
    boxes = re.findall(r'<input type="checkbox" name="flags" value="(\d)"( checked)?>', html)
    expected = ["1", "2", "3", "4", "5"] if SAMPLES[platform].get("image_alt") else ["1", "2", "3", "5"]
    assert sorted(value for value, _ in boxes) == expected
    assert [value for value, checked in boxes if checked] == ["2"]
    assert "<b>" not in html and "<i>" not in html and "<u>" not in html and "<script" not in html
    assert "جزء أول &lt;b&gt;x&lt;/b&gt;" in html
    assert " style=" not in html
