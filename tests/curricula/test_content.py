"""The real content in content/: valid, complete and shaped as the content guide asks."""

import re

import frontmatter
import pytest

from literacy.curricula.loader import read_content
from tests.curricula.conftest import CONTENT


def test_every_file_in_content_passes_the_loader_check():
    tree = read_content(CONTENT)
    assert tree.unlisted_lessons == []
    assert {c.slug for c in tree.curricula} >= {"community"}


@pytest.mark.parametrize("path", sorted((CONTENT / "lessons/community").glob("*.md")), ids=lambda p: p.stem)
def test_community_micro_lessons_follow_the_lesson_shape(path):
    lesson = frontmatter.load(path)
    words = len(re.findall(r"\w+", lesson.content))
    assert 200 <= words <= 450, f"{path.name}: {words} words"
    assert 2 <= len(lesson["objectives"]) <= 4
    assert 5 <= lesson["minutes"] <= 7
    assert "```post" in lesson.content and "```tip" in lesson.content
    assert lesson.get("teacher_guide")


def test_the_community_track_covers_topics_2_3_4_5_8_9():
    tree = read_content(CONTENT)
    community = next(c for c in tree.curricula if c.slug == "community")
    slugs = [slug for unit in community.units for slug in unit.lessons]
    assert len(slugs) >= 6
    assert set(slugs) >= {
        "check-the-claim",
        "images-and-video",
        "manipulation-techniques",
        "extremist-recruitment",
        "share-responsibly",
        "reporting",
    }
