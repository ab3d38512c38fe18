import copy

import pytest

from literacy.curricula.loader import ContentInvalid, read_content
from quizzes.loader import quiz_errors
from tests.curricula.conftest import CONTENT
from tests.quizzes.conftest import SAMPLE, TECHNIQUES


def errors_for(mutate):
    data = copy.deepcopy(SAMPLE)
    mutate(data)
    return quiz_errors(data, technique_slugs=set(TECHNIQUES))


def test_the_sample_covers_every_type_and_is_valid():
    from quizzes.loader import TYPE_KEYS
    from quizzes.models import Question

    assert set(TYPE_KEYS) == set(Question.Type.values)
    assert {q["type"] for q in SAMPLE["questions"]} == set(Question.Type.values)
    assert errors_for(lambda d: None) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["questions"][0]["options"][1].update(correct=True), "exactly one correct option"),
        (lambda d: d["questions"][0]["options"][0].pop("feedback"), "options[0].feedback"),
        (lambda d: d["questions"][3].pop("post"), "post"),
        (lambda d: d["questions"][4]["parts"][0].update(kind="avatar"), "parts[0].kind"),
        (
            lambda d: [p.update(flag=True) for p in d["questions"][4]["parts"]],
            "at least one flagged and one unflagged",
        ),
        (lambda d: d["questions"][5]["options"][0].update(technique="mind-control"), "unknown technique"),
        (lambda d: d["questions"][7].update(answer=3), "must be 1 or 2"),
        (lambda d: d["questions"][6].update(steps=[{"text": "x", "feedback": "y"}]), "at least three steps"),
        (lambda d: d.update(kind="exam"), "kind"),
        (lambda d: d["questions"][0].update(colour="red"), "not a field of a single question"),
        (lambda d: d.update(kind="pre_assessment"), "rating questions only"),
        (lambda d: d["questions"][3]["post"].update(handle="no-at-sign"), "post.handle"),
    ],
)
def test_invalid_quizzes_are_reported_with_the_field(mutate, expected):
    problems = errors_for(mutate)
    assert any(expected in f"{field}: {message}" for field, message in problems), problems


def test_a_broken_quiz_file_stops_the_whole_load(tmp_path):
    import re
    import shutil

    tree = tmp_path / "content"
    shutil.copytree(CONTENT, tree)
    path = tree / "quizzes/reporting-quiz.yaml"
    # The first question, whatever its type, becomes a type the loader does not know.
    broken, count = re.subn(
        r"^(\s*(?:- )?type: )\w+$", r"\1essay", path.read_text(encoding="utf-8"), count=1, flags=re.M
    )
    assert count == 1
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentInvalid) as excinfo:
        read_content(tree)
    assert any(
        str(e).startswith("content/quizzes/reporting-quiz.yaml: questions[0].type: must be one of")
        for e in excinfo.value.errors
    )


def test_community_quizzes_meet_the_content_rules():
    tree = read_content(CONTENT)
    quizzes = {q.slug: q for q in tree.quizzes}
    for lesson in tree.lessons.values():
        quiz = quizzes[lesson.quiz]
        assert quiz.kind == "knowledge_check"
        assert len(quiz.questions) >= 5
        assert len({q.type for q in quiz.questions}) >= 3, f"{quiz.slug} mixes types"
    for slug, form in (("community-pre", "A"), ("community-post", "B")):
        quiz = quizzes[slug]
        assert quiz.form == form
        ratings = [q for q in quiz.questions if q.type == "rating"]
        assert len(ratings) >= 12
        assert sum(q.data["reliable"] for q in ratings) * 2 == len(ratings), "half reliable"
    assert quizzes["community-post"].pre_assessment == "community-pre"
    pre_texts = {q.post["text"] for q in quizzes["community-pre"].questions}
    assert not pre_texts & {q.post["text"] for q in quizzes["community-post"].questions}, (
        "parallel forms differ"
    )
