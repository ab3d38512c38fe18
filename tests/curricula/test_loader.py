import pytest
from django.core.management import CommandError, call_command

from literacy.curricula.loader import ContentInvalid, read_content
from literacy.curricula.models import Curriculum, GlossaryTerm, Lesson, Technique, Unit
from literacy.curricula.services import content_apply
from tests.conftest import load_real_content

pytestmark = pytest.mark.django_db

MODELS = (Curriculum, Unit, Lesson, Technique, GlossaryTerm)


def snapshot():
    return {
        model.__name__: sorted(
            (str(row.pk), str(getattr(row, "updated", "")), str(getattr(row, "is_published", "")))
            for row in model.objects.all()
        )
        for model in MODELS
    }


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_tree_loads_everything(content_tree):
    tree = read_content(content_tree)
    report = content_apply(tree=tree)
    assert Curriculum.objects.get(slug="community").is_published
    listed = {slug for c in tree.curricula if c.published for unit in c.units for slug in unit.lessons}
    assert len(listed) > 0
    assert set(Lesson.objects.filter(is_published=True).values_list("slug", flat=True)) == listed
    assert Technique.objects.count() == len(tree.techniques) > 0
    assert GlossaryTerm.objects.count() >= 15
    lesson = Lesson.objects.get(slug="check-the-claim")
    assert lesson.unit.slug == "verify" and lesson.order == 0
    assert set(lesson.techniques.values_list("slug", flat=True)) == {"fake-expert", "false-context"}
    assert 'class="post-card' in lesson.body_html
    assert 'class="callout callout-tip"' in lesson.body_html
    assert "<script" not in lesson.body_html
    assert report.created and not report.unpublished


def test_second_run_changes_nothing(content_tree):
    call_command("load_content", str(content_tree))
    before = snapshot()
    report = content_apply(tree=read_content(content_tree))
    assert not report.changed
    assert snapshot() == before


def test_an_edited_file_updates_only_its_lesson(content_tree):
    load_real_content()  # the same content as the copy, loaded
    other_before = Lesson.objects.get(slug="reporting").updated
    edit(content_tree / "lessons/community/check-the-claim.md", "minutes: 6", "minutes: 9")
    report = content_apply(tree=read_content(content_tree))
    assert report.updated == ["lesson check-the-claim"]
    assert Lesson.objects.get(slug="check-the-claim").minutes == 9
    assert Lesson.objects.get(slug="reporting").updated == other_before


def test_a_removed_lesson_is_unpublished_not_deleted(content_tree):
    load_real_content()  # the same content as the copy, loaded
    edit(
        content_tree / "curricula/community.yaml",
        "lessons: [share-responsibly, reporting]",
        "lessons: [share-responsibly]",
    )
    (content_tree / "lessons/community/reporting.md").unlink()
    report = content_apply(tree=read_content(content_tree))
    assert sorted(report.unpublished) == ["lesson reporting", "quiz reporting-quiz"], (
        "its quiz goes private too"
    )
    lesson = Lesson.objects.get(slug="reporting")
    assert not lesson.is_published


INVALID = [
    (
        "bad YAML",
        "curricula/community.yaml",
        "units:",
        "units: [oops",
        "content/curricula/community.yaml: yaml: is not valid YAML",
    ),
    (
        "missing title",
        "lessons/community/reporting.md",
        "\ntitle:",
        "\nold_title:",
        "content/lessons/community/reporting.md: title: is required",
    ),
    (
        "unknown technique",
        "lessons/community/reporting.md",
        "techniques: [trolling",
        "techniques: [brainwashing",
        "content/lessons/community/reporting.md: techniques: unknown technique 'brainwashing'",
    ),
    (
        "unknown lesson in a unit",
        "curricula/community.yaml",
        "[share-responsibly, reporting]",
        "[share-responsibly, reporting, no-such-lesson]",
        "content/curricula/community.yaml: units[2].lessons: unknown lesson 'no-such-lesson'",
    ),
    (
        "script tag",
        "lessons/community/reporting.md",
        "\n## ",
        "\n<script>alert(1)</script>\n\n## ",
        "content/lessons/community/reporting.md: body line",
    ),
    (
        "javascript link",
        "lessons/community/reporting.md",
        "\n## ",
        "\n[اضغط هنا](javascript:alert(1))\n\n## ",
        "javascript: links are not allowed",
    ),
    (
        "invalid post",
        "lessons/community/reporting.md",
        "platform: feed",
        "platform: tiktok",
        "post platform must be one of feed, group, video",
    ),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_content_fails_naming_the_file_and_writes_nothing(
    content_tree, case, file, old, new, message
):
    load_real_content()  # the same content as the copy, loaded
    before = snapshot()
    edit(
        content_tree / "lessons/community/check-the-claim.md", "minutes: 6", "minutes: 7"
    )  # a valid change too
    edit(content_tree / file, old, new)
    with pytest.raises(ContentInvalid) as excinfo:
        read_content(content_tree)
    assert any(message in str(error) for error in excinfo.value.errors), excinfo.value.errors
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(content_tree))
    assert snapshot() == before
    assert Lesson.objects.get(slug="check-the-claim").minutes == 6


def test_duplicate_lesson_slug_is_rejected(content_tree):
    (content_tree / "lessons/other").mkdir()
    (content_tree / "lessons/other/reporting.md").write_text(
        (content_tree / "lessons/community/reporting.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(ContentInvalid) as excinfo:
        read_content(content_tree)
    assert any(
        "duplicate lesson slug 'reporting'" in str(e) and "content/lessons/" in str(e)
        for e in excinfo.value.errors
    )


def test_lesson_slug_guides_is_reserved_for_the_teachers_guides_index(content_tree):
    source = (content_tree / "lessons/community/reporting.md").read_text(encoding="utf-8")
    (content_tree / "lessons/community/reporting.md").unlink()
    (content_tree / "lessons/community/guides.md").write_text(
        source.replace("slug: reporting", "slug: guides", 1), encoding="utf-8"
    )
    with pytest.raises(ContentInvalid) as excinfo:
        read_content(content_tree)
    assert any("'guides' is reserved" in str(e) and "guides.md" in str(e) for e in excinfo.value.errors)


def test_check_validates_without_writing(content_tree, capsys):
    call_command("load_content", str(content_tree), "--check")
    assert "Content is valid" in capsys.readouterr().out
    assert not Lesson.objects.exists()


def test_the_command_exits_non_zero_on_errors(content_tree):
    edit(content_tree / "techniques.yaml", "- slug: emotion", "- slug: Emotion!")
    with pytest.raises(CommandError):
        call_command("load_content", str(content_tree), "--check")


def test_quizzes_of_a_draft_curriculum_stay_private(content_tree):
    from quizzes.models import Quiz

    tree = read_content(content_tree)

    def quizzes_of(curriculum):
        lessons = [tree.lessons[slug] for unit in curriculum.units for slug in unit.lessons]
        slugs = {curriculum.pre_assessment, curriculum.post_assessment, curriculum.booster}
        return (slugs | {lesson.quiz for lesson in lessons}) - {""}

    community = next(c for c in tree.curricula if c.slug == "community")
    others = set().union(*(quizzes_of(c) for c in tree.curricula if c.published and c is not community))
    private = quizzes_of(community) - others
    assert "reporting-quiz" in private and others
    content_apply(tree=tree)
    assert Quiz.objects.get(slug="reporting-quiz").is_published
    assert Quiz.objects.filter(slug__in=private, is_published=True).count() == len(private)
    edit(content_tree / "curricula/community.yaml", "published: true", "published: false")
    content_apply(tree=read_content(content_tree))
    assert not Quiz.objects.filter(slug__in=private, is_published=True).exists()
    assert Quiz.objects.filter(slug__in=others, is_published=True).count() == len(others), (
        "the other curricula, still published, keep their quizzes public"
    )
