"""Validating and normalising quiz files (YAML already parsed into Python data). Pure.

The format is documented in docs/content-authoring.md. ``quiz_errors`` lists every problem as
(field, message); ``read_quiz`` turns valid data into a ``QuizData`` that ``services.quiz_apply``
writes. The site's ``load_content`` command calls both, so quizzes share the lessons'
all-or-nothing rule.
"""

import re
from dataclasses import dataclass, field

from quizzes.models import Quiz
from quizzes.posts import post_errors

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUIZ_KEYS = {
    "slug", "title", "kind", "description", "form", "pre_assessment", "shuffle_questions",
    "shuffle_options", "attempts_allowed", "time_limit_minutes", "feedback", "pass_percent", "questions",
    "published", "draw",
}  # fmt: skip
COMMON_QUESTION_KEYS = {"type", "key", "prompt", "techniques", "explanation", "post"}
TYPE_KEYS = {
    "single": {"options"},
    "multiple": {"options"},
    "true_false": {"answer", "feedback_true", "feedback_false"},
    "rating": {"reliable", "feedback"},
    "red_flags": {"parts"},
    "technique": {"options"},
    "order": {"steps"},
    "compare": {"posts", "answer", "feedback_1", "feedback_2"},
}
PART_KINDS = ("account", "text", "caption", "share_prompt")
# Compare sources are shown in a shuffled order: feedback must not say "the first post".
POSITION_WORDS = re.compile(r"(المصدر|المنشور|الحساب|الصفحة)\s*(الأول|الثاني|الأولى|الثانية|[12١٢])(?!\w)")
KINDS = set(Quiz.Kind.values)
FEEDBACK = set(Quiz.Feedback.values)


@dataclass
class OptionData:
    key: str
    order: int
    text: str = ""
    kind: str = ""
    technique: str = ""
    post: dict | None = None
    is_correct: bool = False
    feedback: str = ""


@dataclass
class QuestionData:
    key: str
    order: int
    type: str
    prompt: str
    explanation: str
    techniques: list[str]
    post: dict | None
    data: dict
    options: list[OptionData] = field(default_factory=list)


@dataclass
class QuizData:
    slug: str
    title: str
    description: str
    kind: str
    form: str
    pre_assessment: str
    shuffle_questions: bool
    shuffle_options: bool
    attempts_allowed: int
    time_limit_minutes: int
    feedback: str
    pass_percent: int
    questions: list[QuestionData]
    draw: int = 0  # questions drawn per attempt from the pool; 0 = all
    published: bool | None = None  # None: published when a published curriculum uses it


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def quiz_errors(data, *, technique_slugs: set[str]) -> list[tuple[str, str]]:
    if not isinstance(data, dict):
        return [("quiz", "must be a mapping (slug, title, kind, questions...)")]
    errors = []
    for key in sorted(set(data) - QUIZ_KEYS):
        errors.append((key, "is not a known quiz field"))
    slug = _text(data.get("slug"))
    if not SLUG_RE.match(slug):
        errors.append(("slug", f"'{slug}' must be lower-case letters, digits and hyphens"))
    if not _text(data.get("title")):
        errors.append(("title", "is required"))
    if data.get("kind") not in KINDS:
        errors.append(("kind", f"must be one of {', '.join(sorted(KINDS))}"))
    if data.get("feedback", "immediate") not in FEEDBACK:
        errors.append(("feedback", "must be immediate or end"))
    if _text(data.get("form")) not in ("", "A", "B"):
        errors.append(("form", "must be A or B"))
    for key in ("attempts_allowed", "time_limit_minutes", "draw"):
        if key in data and (not _is_int(data[key]) or data[key] < 0):
            errors.append((key, "must be a whole number, 0 or more"))
    if "published" in data and not isinstance(data["published"], bool):
        errors.append(("published", "must be true or false"))
    if "pass_percent" in data and (not _is_int(data["pass_percent"]) or not 0 <= data["pass_percent"] <= 100):
        errors.append(("pass_percent", "must be a whole number from 0 to 100"))
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        errors.append(("questions", "must list at least one question"))
        return errors
    if _is_int(data.get("draw")) and data["draw"] > len(questions):
        errors.append(("draw", f"draws {data['draw']} questions from a pool of only {len(questions)}"))
    keys = set()
    for index, question in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(question, dict):
            errors.append((where, "must be a mapping"))
            continue
        key = _text(question.get("key")) or f"q{index + 1}"
        if key in keys:
            errors.append((f"{where}.key", f"duplicate question key '{key}'"))
        keys.add(key)
        errors.extend((f"{where}.{f}", m) for f, m in _question_errors(question, technique_slugs))
    is_assessment = data.get("kind") in ("pre_assessment", "post_assessment")
    if is_assessment and any(isinstance(q, dict) and q.get("type") != "rating" for q in questions):
        errors.append(("questions", "an assessment has rating questions only"))
    return errors


def _question_errors(q: dict, technique_slugs: set[str]) -> list[tuple[str, str]]:
    errors = []
    qtype = q.get("type")
    if qtype not in TYPE_KEYS:
        return [("type", f"must be one of {', '.join(TYPE_KEYS)}")]
    for key in sorted(set(q) - COMMON_QUESTION_KEYS - TYPE_KEYS[qtype]):
        errors.append((key, f"is not a field of a {qtype} question"))
    if not _text(q.get("prompt")):
        errors.append(("prompt", "is required"))
    techniques = q.get("techniques") or []
    if not isinstance(techniques, list):
        errors.append(("techniques", "must be a list of technique slugs"))
    else:
        errors.extend(
            ("techniques", f"unknown technique '{t}'") for t in techniques if t not in technique_slugs
        )
    if q.get("post") is not None:
        errors.extend((f"post.{f}", m) for f, m in post_errors(q["post"], require_text=qtype != "red_flags"))
    if qtype in ("single", "multiple", "technique"):
        errors.extend(_options_errors(q, qtype, technique_slugs))
    elif qtype == "true_false":
        if not isinstance(q.get("answer"), bool):
            errors.append(("answer", "must be true or false"))
        for key in ("feedback_true", "feedback_false"):
            if not _text(q.get(key)):
                errors.append((key, "is required"))
    elif qtype == "rating":
        if q.get("post") is None:
            errors.append(("post", "is required for a rating question"))
        if not isinstance(q.get("reliable"), bool):
            errors.append(("reliable", "must be true or false"))
        if not _text(q.get("feedback")):
            errors.append(("feedback", "is required"))
    elif qtype == "red_flags":
        if q.get("post") is None:
            errors.append(("post", "is required (the frame: author, handle, platform...)"))
        errors.extend(_parts_errors(q.get("parts")))
    elif qtype == "order":
        steps = q.get("steps")
        if not isinstance(steps, list) or len(steps) < 3:
            errors.append(("steps", "must list at least three steps (two give the order away)"))
        else:
            for i, step in enumerate(steps):
                if (
                    not isinstance(step, dict)
                    or not _text(step.get("text"))
                    or not _text(step.get("feedback"))
                ):
                    errors.append((f"steps[{i}]", "needs text and feedback"))
    elif qtype == "compare":
        posts = q.get("posts")
        if not isinstance(posts, list) or len(posts) != 2:
            errors.append(("posts", "must hold exactly two posts"))
        else:
            for i, post in enumerate(posts):
                errors.extend((f"posts[{i}].{f}", m) for f, m in post_errors(post))
        if q.get("answer") not in (1, 2):
            errors.append(("answer", "must be 1 or 2"))
        for key in ("feedback_1", "feedback_2"):
            if not _text(q.get(key)):
                errors.append((key, "is required"))
            elif POSITION_WORDS.search(_text(q.get(key))):
                errors.append(
                    (key, "names a source by its place; the two are shuffled: name its author instead")
                )
    items = q.get("options") or q.get("parts") or q.get("steps") or []
    keys = [_text(item.get("key")) for item in items if isinstance(item, dict) and item.get("key")]
    if len(keys) != len(set(keys)):
        errors.append(("key", "option, part and step keys must differ within a question"))
    return errors


def _options_errors(q: dict, qtype: str, technique_slugs: set[str]) -> list[tuple[str, str]]:
    options = q.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return [("options", "must list at least two options")]
    errors = []
    for i, option in enumerate(options):
        where = f"options[{i}]"
        if not isinstance(option, dict):
            errors.append((where, "must be a mapping"))
            continue
        if qtype == "technique":
            if option.get("technique") not in technique_slugs:
                errors.append((f"{where}.technique", f"unknown technique '{option.get('technique')}'"))
        elif not _text(option.get("text")):
            errors.append((f"{where}.text", "is required"))
        if not isinstance(option.get("correct", False), bool):
            errors.append((f"{where}.correct", "must be true or false"))
        if not _text(option.get("feedback")):
            errors.append((f"{where}.feedback", "is required: say why in a sentence or two"))
    correct = sum(1 for o in options if isinstance(o, dict) and o.get("correct") is True)
    if qtype in ("single", "technique") and correct != 1:
        errors.append(("options", f"must have exactly one correct option (has {correct})"))
    if qtype == "multiple" and correct < 1:
        errors.append(("options", "must have at least one correct option"))
    return errors


def _parts_errors(parts) -> list[tuple[str, str]]:
    if not isinstance(parts, list) or len(parts) < 2:
        return [("parts", "must list at least two parts")]
    errors = []
    for i, part in enumerate(parts):
        where = f"parts[{i}]"
        if not isinstance(part, dict):
            errors.append((where, "must be a mapping"))
            continue
        if part.get("kind") not in PART_KINDS:
            errors.append((f"{where}.kind", f"must be one of {', '.join(PART_KINDS)}"))
        elif part["kind"] != "account" and not _text(part.get("text")):
            errors.append((f"{where}.text", "is required"))
        if not isinstance(part.get("flag"), bool):
            errors.append((f"{where}.flag", "must be true or false"))
        if not _text(part.get("feedback")):
            errors.append((f"{where}.feedback", "is required"))
    flags = [p.get("flag") for p in parts if isinstance(p, dict)]
    if True not in flags or False not in flags:
        errors.append(("parts", "need at least one flagged and one unflagged part"))
    if sum(1 for p in parts if isinstance(p, dict) and p.get("kind") == "account") > 1:
        errors.append(("parts", "at most one account part"))
    return errors


def read_quiz(data: dict) -> QuizData:
    """Normalise valid quiz data (call ``quiz_errors`` first)."""
    return QuizData(
        slug=data["slug"],
        title=_text(data["title"]),
        description=_text(data.get("description")),
        kind=data["kind"],
        form=_text(data.get("form")),
        pre_assessment=_text(data.get("pre_assessment")),
        shuffle_questions=bool(data.get("shuffle_questions", True)),
        shuffle_options=bool(data.get("shuffle_options", True)),
        attempts_allowed=data.get("attempts_allowed", 0),
        time_limit_minutes=data.get("time_limit_minutes", 0),
        feedback=data.get("feedback", "immediate"),
        pass_percent=data.get("pass_percent", 70),
        questions=[_read_question(q, i) for i, q in enumerate(data["questions"])],
        draw=data.get("draw", 0),
        published=data.get("published"),
    )


def _read_question(q: dict, index: int) -> QuestionData:
    qtype = q["type"]
    question = QuestionData(
        key=_text(q.get("key")) or f"q{index + 1}",
        order=index,
        type=qtype,
        prompt=_text(q["prompt"]),
        explanation=_text(q.get("explanation")),
        techniques=list(q.get("techniques") or []),
        post=q.get("post"),
        data={},
    )
    if qtype in ("single", "multiple", "technique"):
        question.options = [
            OptionData(
                key=_text(o.get("key")) or f"o{i + 1}",
                order=i,
                text=_text(o.get("text")),
                technique=_text(o.get("technique")),
                is_correct=o.get("correct", False) is True,
                feedback=_text(o.get("feedback")),
            )
            for i, o in enumerate(q["options"])
        ]
    elif qtype == "true_false":
        question.options = [
            OptionData(
                key="true", order=0, is_correct=q["answer"] is True, feedback=_text(q["feedback_true"])
            ),
            OptionData(
                key="false", order=1, is_correct=q["answer"] is False, feedback=_text(q["feedback_false"])
            ),
        ]
    elif qtype == "rating":
        question.data = {"reliable": q["reliable"], "feedback": _text(q["feedback"])}
    elif qtype == "red_flags":
        question.options = [
            OptionData(
                key=_text(p.get("key")) or f"p{i + 1}",
                order=i,
                kind=p["kind"],
                text=_text(p.get("text")),
                is_correct=p["flag"],
                feedback=_text(p["feedback"]),
            )
            for i, p in enumerate(q["parts"])
        ]
    elif qtype == "order":
        question.options = [
            OptionData(
                key=f"s{i + 1}",
                order=i,
                text=_text(s["text"]),
                is_correct=True,
                feedback=_text(s["feedback"]),
            )
            for i, s in enumerate(q["steps"])
        ]
    elif qtype == "compare":
        question.options = [
            OptionData(
                key=str(i + 1),
                order=i,
                post=post,
                is_correct=q["answer"] == i + 1,
                feedback=_text(q[f"feedback_{i + 1}"]),
            )
            for i, post in enumerate(q["posts"])
        ]
    return question
