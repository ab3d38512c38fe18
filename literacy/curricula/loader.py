"""Reading and validating the content tree (content/). Pure: reads files, touches no database.

``read_content(root)`` returns a ``ContentTree`` or raises ``ContentInvalid`` carrying every problem
found, each naming the file and the field. Writing is ``services.content_apply``.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from literacy.curricula.models import Curriculum
from literacy.curricula.rendering import markdown_problems
from quizzes.loader import QuizData, quiz_errors, read_quiz

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_LESSON_SLUGS = {"guides"}  # /curricula/<curriculum>/guides/ is the teachers' guides index
AUDIENCES = {choice.value for choice in Curriculum.Audience}
LESSON_KEYS = {"slug", "title", "summary", "minutes", "techniques", "objectives", "teacher_guide", "quiz"}
LESSON_REQUIRED = ("slug", "title", "summary", "minutes", "objectives")
CURRICULUM_KEYS = {
    "slug",
    "title",
    "audience",
    "pre_assessment",
    "post_assessment",
    "booster",
    "language",
    "description",
    "order",
    "published",
    "units",
}
UNIT_KEYS = {"slug", "title", "lessons"}


@dataclass(frozen=True)
class ContentError:
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class LessonData:
    path: str
    slug: str
    title: str
    summary: str
    minutes: int
    objectives: list[str]
    techniques: list[str]
    teacher_guide: str
    body: str
    quiz: str = ""


@dataclass
class UnitData:
    slug: str
    title: str
    lessons: list[str]


@dataclass
class CurriculumData:
    path: str
    slug: str
    title: str
    audience: str
    language: str
    description: str
    order: int
    published: bool
    units: list[UnitData]
    pre_assessment: str = ""
    post_assessment: str = ""
    booster: str = ""


@dataclass
class ContentTree:
    techniques: list[dict] = field(default_factory=list)
    glossary: list[dict] = field(default_factory=list)
    curricula: list[CurriculumData] = field(default_factory=list)
    lessons: dict[str, LessonData] = field(default_factory=dict)
    quizzes: list[QuizData] = field(default_factory=list)
    unlisted_lessons: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []

    def rel(self, path: Path) -> str:
        try:
            return str(Path(self.root.name) / path.relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path, field_name: str, message: str) -> None:
        self.errors.append(ContentError(self.rel(path), field_name, message))

    def load_yaml(self, path: Path):
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            self.add(path, "yaml", f"is not valid YAML: {_yaml_reason(exc)}")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(path, "file", f"cannot be read: {exc}")
        return None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1})" if mark else str(problem)


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def read_content(root: Path) -> ContentTree:
    root = Path(root)
    c = _Collector(root)
    tree = ContentTree()
    if not root.is_dir():
        raise ContentInvalid([ContentError(str(root), "path", "is not a folder")])

    technique_slugs = _read_techniques(c, root / "techniques.yaml", tree)
    _read_glossary(c, root / "glossary", tree)
    quiz_kinds = _read_quizzes(c, root / "quizzes", tree, technique_slugs)

    lesson_paths: dict[str, Path] = {}
    for path in sorted((root / "lessons").glob("*/*.md")):
        lesson = _read_lesson(c, path, technique_slugs, quiz_kinds)
        if lesson is None:
            continue
        if lesson.slug in tree.lessons:
            c.add(
                path,
                "slug",
                f"duplicate lesson slug '{lesson.slug}' (also in {c.rel(lesson_paths[lesson.slug])})",
            )
            continue
        tree.lessons[lesson.slug] = lesson
        lesson_paths[lesson.slug] = path

    listed: set[str] = set()
    curriculum_slugs: set[str] = set()
    for path in sorted((root / "curricula").glob("*.yaml")):
        curriculum = _read_curriculum(c, path, lesson_paths, listed, quiz_kinds)
        if curriculum is None:
            continue
        if curriculum.slug in curriculum_slugs:
            c.add(path, "slug", f"duplicate curriculum slug '{curriculum.slug}'")
            continue
        curriculum_slugs.add(curriculum.slug)
        tree.curricula.append(curriculum)
    tree.unlisted_lessons = sorted(set(tree.lessons) - listed)
    for slug in tree.unlisted_lessons:
        del tree.lessons[slug]

    if c.errors:
        raise ContentInvalid(c.errors)
    return tree


def _read_techniques(c: _Collector, path: Path, tree: ContentTree) -> set[str]:
    if not path.exists():
        c.add(path, "file", "is missing")
        return set()
    data = c.load_yaml(path)
    if data is None:
        return set()
    if not isinstance(data, list):
        c.add(path, "techniques", "must be a list of {slug, name, description}")
        return set()
    slugs = set()
    for index, item in enumerate(data):
        where = f"techniques[{index}]"
        if not isinstance(item, dict):
            c.add(path, where, "must be a mapping with slug, name and description")
            continue
        slug, name = _text(item.get("slug")), _text(item.get("name"))
        if not SLUG_RE.match(slug):
            c.add(path, f"{where}.slug", f"'{slug}' must be lower-case letters, digits and hyphens")
            continue
        if not name:
            c.add(path, f"{where}.name", "is required")
        if slug in slugs:
            c.add(path, f"{where}.slug", f"duplicate technique '{slug}'")
        slugs.add(slug)
        tree.techniques.append(
            {
                "slug": slug,
                "name": name,
                "description": _text(item.get("description")),
                "order": index,
            }
        )
    return slugs


def _read_glossary(c: _Collector, folder: Path, tree: ContentTree) -> None:
    seen = set()
    for path in sorted(folder.glob("*.yaml")):
        data = c.load_yaml(path)
        if data is None:
            continue
        if not isinstance(data, list):
            c.add(path, "glossary", "must be a list of {term, definition}")
            continue
        for index, item in enumerate(data):
            term = _text(item.get("term")) if isinstance(item, dict) else ""
            definition = _text(item.get("definition")) if isinstance(item, dict) else ""
            if not term or not definition:
                c.add(path, f"glossary[{index}]", "needs both term and definition")
                continue
            if term in seen:
                c.add(path, f"glossary[{index}].term", f"duplicate term '{term}'")
                continue
            seen.add(term)
            tree.glossary.append({"term": term, "definition": definition, "order": len(tree.glossary)})


def _read_quizzes(
    c: _Collector, folder: Path, tree: ContentTree, technique_slugs: set[str]
) -> dict[str, str]:
    """Read content/quizzes/*.yaml; returns {slug: kind} of the valid ones."""
    kinds: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = c.load_yaml(path)
        if data is None:
            continue
        problems = quiz_errors(data, technique_slugs=technique_slugs)
        for field_name, message in problems:
            c.add(path, field_name, message)
        if problems:
            continue
        quiz = read_quiz(data)
        if quiz.slug != path.stem:
            c.add(path, "slug", f"'{quiz.slug}' must match the file name '{path.stem}'")
        elif quiz.slug in kinds:
            c.add(path, "slug", f"duplicate quiz slug '{quiz.slug}'")
        else:
            kinds[quiz.slug] = quiz.kind
            tree.quizzes.append(quiz)
    for quiz in tree.quizzes:
        if quiz.pre_assessment and kinds.get(quiz.pre_assessment) != "pre_assessment":
            c.add(
                folder / f"{quiz.slug}.yaml",
                "pre_assessment",
                f"'{quiz.pre_assessment}' is not a pre-assessment",
            )
    return kinds


def _read_lesson(c: _Collector, path: Path, technique_slugs: set[str], quiz_kinds: dict[str, str]):
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        c.add(path, "front matter", f"is not valid YAML: {_yaml_reason(exc)}")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        c.add(path, "file", f"cannot be read: {exc}")
        return None
    meta = post.metadata
    before = len(c.errors)
    for key in sorted(set(meta) - LESSON_KEYS):
        c.add(path, key, f"is not a known lesson field (known: {', '.join(sorted(LESSON_KEYS))})")
    for key in LESSON_REQUIRED:
        if meta.get(key) in (None, "", []):
            c.add(path, key, "is required")
    slug = _text(meta.get("slug"))
    if slug and not SLUG_RE.match(slug):
        c.add(path, "slug", f"'{slug}' must be lower-case letters, digits and hyphens")
    elif slug and slug != path.stem:
        c.add(path, "slug", f"'{slug}' must match the file name '{path.stem}'")
    elif slug in RESERVED_LESSON_SLUGS:
        c.add(path, "slug", f"'{slug}' is reserved for a page of the curriculum: choose another slug")
    minutes = meta.get("minutes")
    if minutes is not None and (
        not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 180
    ):
        c.add(path, "minutes", "must be a whole number of minutes between 1 and 180")
    objectives = meta.get("objectives") or []
    if not isinstance(objectives, list) or not all(isinstance(o, str) and o.strip() for o in objectives):
        c.add(path, "objectives", "must be a list of sentences")
        objectives = []
    techniques = meta.get("techniques") or []
    if not isinstance(techniques, list):
        c.add(path, "techniques", "must be a list of technique slugs")
        techniques = []
    for slug_ in techniques:
        if slug_ not in technique_slugs:
            c.add(path, "techniques", f"unknown technique '{slug_}' (see content/techniques.yaml)")
    quiz = _text(meta.get("quiz"))
    if quiz and quiz not in quiz_kinds:
        c.add(path, "quiz", f"unknown quiz '{quiz}' (no content/quizzes/ file has this slug)")
    if not post.content.strip():
        c.add(path, "body", "is empty")
    for where, message in markdown_problems(post.content):
        c.add(path, f"body {where}", message)
    teacher_guide = meta.get("teacher_guide") or ""
    if not isinstance(teacher_guide, str):
        c.add(path, "teacher_guide", "must be Markdown text")
        teacher_guide = ""
    for where, message in markdown_problems(teacher_guide):
        c.add(path, f"teacher_guide {where}", message)
    if len(c.errors) > before:
        return None
    return LessonData(
        path=c.rel(path),
        slug=slug,
        title=_text(meta["title"]),
        summary=_text(meta["summary"]),
        minutes=minutes,
        objectives=[o.strip() for o in objectives],
        techniques=list(techniques),
        teacher_guide=teacher_guide.strip(),
        body=post.content.strip(),
        quiz=quiz,
    )


def _read_curriculum(
    c: _Collector, path: Path, lesson_paths: dict[str, Path], listed: set[str], quiz_kinds: dict[str, str]
):
    data = c.load_yaml(path)
    if data is None:
        return None
    if not isinstance(data, dict):
        c.add(path, "curriculum", "must be a mapping (slug, title, audience, units...)")
        return None
    before = len(c.errors)
    for key in sorted(set(data) - CURRICULUM_KEYS):
        c.add(path, key, "is not a known curriculum field")
    for key in ("slug", "title", "audience", "units"):
        if not data.get(key):
            c.add(path, key, "is required")
    slug = _text(data.get("slug"))
    if slug and not SLUG_RE.match(slug):
        c.add(path, "slug", f"'{slug}' must be lower-case letters, digits and hyphens")
    audience = _text(data.get("audience"))
    if audience and audience not in AUDIENCES:
        c.add(path, "audience", f"'{audience}' must be one of {', '.join(sorted(AUDIENCES))}")
    order = data.get("order", 0)
    if not isinstance(order, int):
        c.add(path, "order", "must be a whole number")
    for key, kind in (
        ("pre_assessment", "pre_assessment"),
        ("post_assessment", "post_assessment"),
        ("booster", "booster"),
    ):
        value = _text(data.get(key))
        if value and quiz_kinds.get(value) != kind:
            c.add(path, key, f"'{value}' is not a quiz of kind {kind} in content/quizzes/")
    units = []
    unit_slugs = set()
    for index, unit in enumerate(data.get("units") or []):
        where = f"units[{index}]"
        if not isinstance(unit, dict):
            c.add(path, where, "must be a mapping with slug, title and lessons")
            continue
        for key in sorted(set(unit) - UNIT_KEYS):
            c.add(path, f"{where}.{key}", "is not a known unit field")
        unit_slug = _text(unit.get("slug"))
        if not SLUG_RE.match(unit_slug):
            c.add(
                path,
                f"{where}.slug",
                f"'{unit_slug}' must be lower-case letters, digits and hyphens",
            )
        elif unit_slug in unit_slugs:
            c.add(path, f"{where}.slug", f"duplicate unit '{unit_slug}'")
        unit_slugs.add(unit_slug)
        if not _text(unit.get("title")):
            c.add(path, f"{where}.title", "is required")
        lessons = unit.get("lessons") or []
        if not isinstance(lessons, list) or not lessons:
            c.add(path, f"{where}.lessons", "must list at least one lesson slug")
            lessons = []
        for lesson_slug in lessons:
            lesson_path = lesson_paths.get(lesson_slug)
            if lesson_path is None:
                c.add(
                    path,
                    f"{where}.lessons",
                    f"unknown lesson '{lesson_slug}' (no content/lessons/{slug}/{lesson_slug}.md)",
                )
            elif lesson_path.parent.name != slug:
                c.add(
                    path,
                    f"{where}.lessons",
                    f"lesson '{lesson_slug}' lives in lessons/{lesson_path.parent.name}/, "
                    f"not lessons/{slug}/",
                )
            elif lesson_slug in listed:
                c.add(path, f"{where}.lessons", f"lesson '{lesson_slug}' is listed twice")
            listed.add(lesson_slug)
        units.append(UnitData(slug=unit_slug, title=_text(unit.get("title")), lessons=list(lessons)))
    if len(c.errors) > before:
        return None
    return CurriculumData(
        path=c.rel(path),
        slug=slug,
        title=_text(data["title"]),
        audience=audience,
        language=_text(data.get("language")) or "ar",
        description=_text(data.get("description")),
        order=order,
        published=bool(data.get("published", True)),
        units=units,
        pre_assessment=_text(data.get("pre_assessment")),
        post_assessment=_text(data.get("post_assessment")),
        booster=_text(data.get("booster")),
    )
