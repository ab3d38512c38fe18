"""A realistic large data set in the configured database, made with bulk operations and
reproducible from a seed (``manage.py bench_seed`` under ``bench.settings``, or ``seed()``).

What it makes, on top of the real content (``load_content`` first):
- teachers (two classes each, some classes with a co-teacher), each with a verified e-mail address;
- ``classes`` classes spread over the four curricula, ``pupils`` pupils in each: most of them
  accounts created by the teacher (no e-mail, ``c<class>-NN``), the others learners who joined with
  the class code;
- assignments: 8-20 per class, and 40 in the first class of each school and university curriculum
  (the "40 pupils x 40 assignments" class dashboard of the load run; a curriculum has 25-30 things
  to assign, so the 40 include re-assignments of the same lesson or quiz with a later due date);
- lesson progress through each curriculum in order, and exactly ``answers`` graded answers in
  submitted quiz attempts: pre-assessments, the knowledge checks of finished lessons (5 questions
  drawn per attempt, unseen ones first), post-assessments, then retries and boosters. Each pupil has
  a skill and an engagement drawn from the seed; answers are right with a probability that grows
  with the lessons done, and are graded by the quiz engine's own ``grade``;
- ``campaigns`` NGO campaigns with 5 links each and a year of daily counts per link
  (``literacy.campaigns.bench``);
- over the past year, relative to today (so due dates and "this week" stay meaningful).

Every account has the password ``PASSWORD`` (one PBKDF2 hash, computed once). Same seed and sizes,
same content: the same rows (``fingerprint()`` hashes them without ids or absolute times).
"""

import hashlib
import json
import random
import re
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

TEACHER_PREFIX = "bench-t"
LEARNER_PREFIX = "bench-l"
MANAGER = "bench-manager"  # the campaigns' manager (literacy.campaigns.bench)
PASSWORD = "bench-Pass-2026"  # noqa: S105 - the bench accounts' shared password, documented
BATCH = 2000
DAYS = 365
REFERENCE_ASSIGNMENTS = 40

FIRST_NAMES = (
    "علي", "محمد", "حسين", "زينب", "فاطمة", "مريم", "أحمد", "نور", "سارة", "يوسف", "حسن", "رقية",
    "عباس", "هدى", "كرار", "آيات", "مصطفى", "بنين", "سجاد", "دعاء", "عمر", "رسل", "مرتضى", "زهراء",
    "ياسر", "شهد", "حيدر", "تبارك", "إبراهيم", "غدير", "منتظر", "أمل", "سيف", "رواء", "ليث", "هبة",
)  # fmt: skip
FAMILY_NAMES = (
    "الموسوي", "الجبوري", "العبيدي", "الدليمي", "الساعدي", "الربيعي", "الخفاجي", "التميمي",
    "الزبيدي", "الكعبي", "الحسيني", "البياتي", "الشمري", "العزاوي", "الجنابي", "الطائي",
)  # fmt: skip
SCHOOLS = (
    "متوسطة الرافدين", "ثانوية بغداد", "إعدادية الكرخ", "متوسطة النجاح", "ثانوية البصرة للبنات",
    "إعدادية الموصل", "متوسطة الفرات", "ثانوية النجف", "جامعة بغداد", "الجامعة المستنصرية",
    "جامعة البصرة", "مركز شباب الكرادة",
)  # fmt: skip
# Share of classes per curriculum slug (the rest of the slugs share what is left equally).
CURRICULUM_SHARE = {"school-intermediate": 0.40, "school-preparatory": 0.35, "university": 0.20}
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


@dataclass
class SeedReport:
    teachers: int = 0
    classes: int = 0
    pupils: int = 0
    assignments: int = 0
    lesson_progress: int = 0
    attempts: int = 0
    answers: int = 0
    campaigns: str = "not seeded"
    seconds: float = 0.0
    reference_classes: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.teachers} teachers, {self.classes} classes, {self.pupils} pupils, "
            f"{self.assignments} assignments, {self.lesson_progress} lesson progress rows, "
            f"{self.attempts} submitted attempts, {self.answers} graded answers; campaigns: "
            f"{self.campaigns}; {self.seconds:.0f} s"
        )


@contextmanager
def _own_timestamps(*fields):
    """Let bulk_create keep the times we give instead of "now" (auto_now / auto_now_add off)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _field(model, name):
    return model._meta.get_field(name)


def bench_users():
    """The accounts a seed made (teachers, their classes' pupils, learners who joined)."""
    from django.db.models import Q

    from literacy.accounts.models import User
    from literacy.classrooms.models import Membership

    teacher_ids = User.objects.filter(username__startswith=TEACHER_PREFIX).values("pk")
    pupil_ids = Membership.objects.filter(classroom__owner__in=teacher_ids).values("user_id")
    return User.objects.filter(
        Q(pk__in=teacher_ids)
        | Q(pk__in=pupil_ids)
        | Q(username__startswith=LEARNER_PREFIX)
        | Q(username=MANAGER)
    )


@transaction.atomic
def unseed() -> int:
    """Delete what a seed made (children first, so that each delete is a plain DELETE)."""
    from allauth.account.models import EmailAddress

    from literacy.accounts.models import User, UserSession
    from literacy.classrooms.models import Assignment, ClassExport, Classroom, ManagedPupil, Membership
    from literacy.progress.models import CurriculumCompletion, LessonProgress
    from quizzes.models import Answer, Attempt

    ids = list(bench_users().values_list("pk", flat=True))
    if not ids:
        return 0
    _unseed_campaigns(ids)
    classes = Classroom.objects.filter(owner__in=ids)
    Answer.objects.filter(attempt__user__in=ids).delete()
    Attempt.objects.filter(user__in=ids).delete()
    LessonProgress.objects.filter(user__in=ids).delete()
    CurriculumCompletion.objects.filter(user__in=ids).delete()
    Assignment.objects.filter(classroom__in=classes).delete()
    ClassExport.objects.filter(classroom__in=classes).delete()
    Membership.objects.filter(classroom__in=classes).delete()
    ManagedPupil.objects.filter(user__in=ids).delete()
    classes.delete()
    EmailAddress.objects.filter(user__in=ids).delete()
    UserSession.objects.filter(user_id__in=ids).delete()
    User.objects.filter(pk__in=ids).delete()
    return len(ids)


def _unseed_campaigns(user_ids) -> None:
    try:
        from literacy.campaigns.models import Campaign, Organisation, OrganisationMember
    except ImportError:
        return
    organisations = OrganisationMember.objects.filter(user__in=user_ids).values("organisation_id")
    Campaign.objects.filter(organisation__in=organisations).delete()
    Organisation.objects.filter(pk__in=organisations).delete()


class _Content:
    """The published content, ordered by slugs and keys (never by ids) so that the same seed picks
    the same rows whatever ids the database gave them."""

    def __init__(self):
        from literacy.curricula.models import Curriculum, Lesson
        from quizzes.grading import OptionFacts
        from quizzes.models import Question

        self.curricula = list(
            Curriculum.objects.filter(is_published=True)
            .select_related("pre_assessment", "post_assessment", "booster")
            .order_by("slug")
        )
        if not self.curricula:
            raise RuntimeError("No published curriculum: run `manage.py load_content` first.")
        self.lessons = defaultdict(list)  # curriculum id -> lessons in course order
        for lesson in (
            Lesson.objects.filter(is_published=True, unit__is_published=True)
            .select_related("unit", "quiz")
            .order_by("unit__order", "order", "slug")
        ):
            self.lessons[lesson.unit.curriculum_id].append(lesson)
        self.units = defaultdict(list)
        for curriculum in self.curricula:
            seen = {}
            for lesson in self.lessons[curriculum.pk]:
                seen.setdefault(lesson.unit_id, lesson.unit)
            self.units[curriculum.pk] = list(seen.values())
        self.questions = defaultdict(list)  # quiz id -> active questions in order
        for question in (
            Question.objects.filter(is_active=True).prefetch_related("options").order_by("order", "key")
        ):
            question.facts = [
                OptionFacts(key=o.key, is_correct=o.is_correct, order=o.order)
                for o in sorted(question.options.all(), key=lambda o: (o.order, o.key))
            ]
            self.questions[question.quiz_id].append(question)


def _response(rng: random.Random, question, right: bool) -> dict:
    """A response in option keys that is right (or wrong) the way a learner's would be."""
    facts = question.facts
    keys = [f.key for f in facts]
    correct = [f.key for f in facts if f.is_correct]
    wrong = [k for k in keys if k not in correct]
    qtype = question.type
    if qtype in {"single", "technique", "true_false", "compare"}:
        pool = correct if (right or not wrong) else wrong
        return {"choice": rng.choice(pool)} if pool else {}
    if qtype in {"multiple", "red_flags"}:
        name = "choices" if qtype == "multiple" else "flags"
        picked = set(correct)
        if not right:
            if picked and rng.random() < 0.7:
                picked.discard(rng.choice(sorted(picked)))
            if wrong and rng.random() < 0.6:
                picked.add(rng.choice(wrong))
        if qtype == "multiple" and not picked:
            picked.add(rng.choice(keys))
        return {name: [k for k in keys if k in picked]}
    if qtype == "rating":
        reliable = bool(question.data.get("reliable"))
        if right:
            return {"rating": rng.randint(5, 7) if reliable else rng.randint(1, 3)}
        return {"rating": rng.choice([4, rng.randint(1, 3) if reliable else rng.randint(5, 7)])}
    if qtype == "order":
        order = [f.key for f in sorted(facts, key=lambda f: f.order)]
        if not right and len(order) > 1:
            i, j = rng.sample(range(len(order)), 2)
            order[i], order[j] = order[j], order[i]
        return {"order": order}
    raise ValueError(qtype)


class _Pupil:
    def __init__(self, rng: random.Random, user_id: int, curriculum, lessons, joined: datetime):
        self.user_id = user_id
        self.curriculum = curriculum
        self.lessons = lessons
        self.joined = joined
        self.skill = rng.uniform(0.35, 0.85)
        self.engagement = rng.uniform(0.3, 1.0)
        self.done = rng.randint(0, len(lessons)) if rng.random() < 0.9 else len(lessons)
        self.seen = defaultdict(set)  # quiz id -> question ids shown
        self.clock = joined

    def advance(self, rng: random.Random, now: datetime, days: float) -> datetime:
        self.clock = min(now - timedelta(minutes=30), self.clock + timedelta(days=rng.uniform(0.2, days)))
        return self.clock

    def plan(self, rng: random.Random):
        """The quizzes this pupil takes, in the order a pupil would (an endless generator: the seed
        stops when the answer count is reached). Yields (quiz, learned share 0..1)."""
        total = max(1, len(self.lessons))
        c = self.curriculum
        if c.pre_assessment_id and rng.random() < 0.85:
            yield c.pre_assessment, 0.0
        for i, lesson in enumerate(self.lessons[: self.done]):
            if lesson.quiz_id and lesson.quiz.is_published and rng.random() < 0.85:
                yield lesson.quiz, (i + 1) / total
        if self.done == len(self.lessons) and c.post_assessment_id and rng.random() < 0.75:
            yield c.post_assessment, 1.0
        extras = [lesson.quiz for lesson in self.lessons[: self.done] if lesson.quiz_id]
        if c.booster_id and self.done == len(self.lessons):
            extras.append(c.booster)
        while extras:
            yield rng.choice(extras), self.done / total


def _draw(rng: random.Random, quiz, questions, seen: set) -> list:
    if not quiz.draw or quiz.draw >= len(questions):
        chosen = list(questions)
    else:
        unseen = [q for q in questions if q.pk not in seen]
        again = [q for q in questions if q.pk in seen]
        rng.shuffle(unseen)
        rng.shuffle(again)
        chosen = (unseen + again)[: quiz.draw]
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def seed(
    *,
    seed: int = 1,
    classes: int = 200,
    pupils: int = 40,
    answers: int = 200_000,
    campaigns: int = 20,
    log=print,
) -> SeedReport:
    """Seed the database (see the module's docstring). Refuses to run twice: ``unseed()`` first."""
    from allauth.account.models import EmailAddress

    from literacy.accounts.models import User
    from literacy.classrooms.models import Assignment, Classroom, ManagedPupil, Membership
    from literacy.core.arabic import normalize_arabic
    from literacy.progress.models import CurriculumCompletion, LessonProgress
    from quizzes.grading import grade
    from quizzes.models import Answer, Attempt

    if User.objects.filter(username__startswith=TEACHER_PREFIX).exists():
        raise RuntimeError("This database already holds a bench seed: run with --replace.")
    started = time.monotonic()
    rng = random.Random(seed)
    report = SeedReport()
    content = _Content()
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    year_ago = now - timedelta(days=DAYS)
    password = make_password(PASSWORD)  # one PBKDF2 hash for every bench account

    def day(offset: float) -> datetime:
        return year_ago + timedelta(days=offset)

    # --- teachers ---------------------------------------------------------------------------
    n_teachers = max(1, (classes + 1) // 2)
    teachers = [
        User(
            username=f"{TEACHER_PREFIX}{i:04d}",
            email=f"{TEACHER_PREFIX}{i:04d}@example.org",
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}",
            role=User.Role.TEACHER,
            password=password,
            date_joined=day(rng.uniform(0, 30)),
        )
        for i in range(1, n_teachers + 1)
    ]
    with transaction.atomic():
        User.objects.bulk_create(teachers, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=t, email=t.email, primary=True, verified=True) for t in teachers],
            batch_size=BATCH,
        )
    report.teachers = len(teachers)

    # --- classes ----------------------------------------------------------------------------
    slugs = [c.slug for c in content.curricula]
    rest = [s for s in slugs if s not in CURRICULUM_SHARE]
    left = max(0.0, 1 - sum(CURRICULUM_SHARE[s] for s in slugs if s in CURRICULUM_SHARE))
    weights = [CURRICULUM_SHARE.get(s, left / len(rest) if rest else 0) for s in slugs]
    by_slug = {c.slug: c for c in content.curricula}
    codes: set[str] = set()
    rooms = []
    for i in range(classes):
        curriculum = (
            by_slug[rng.choices(slugs, weights=weights)[0]] if i >= len(slugs) else content.curricula[i]
        )
        while (code := "".join(rng.choice(JOIN_ALPHABET) for _ in range(6))) in codes:
            pass
        codes.add(code)
        rooms.append(
            Classroom(
                owner=teachers[i // 2 % n_teachers],
                name=f"{curriculum.title[:60]} - شعبة {'أبجدهوزحطي'[i % 10]} ({i + 1})",
                school=rng.choice(SCHOOLS),
                stage=str(curriculum.get_audience_display())[:80],
                curriculum=curriculum,
                join_code=code,
                created=day(rng.uniform(20, 60)),
            )
        )
    with _own_timestamps(_field(Classroom, "created")), transaction.atomic():
        Classroom.objects.bulk_create(rooms, batch_size=BATCH)
    report.classes = len(rooms)

    # --- pupils and memberships -------------------------------------------------------------
    users, managed, members, roster = [], [], [], []
    learner_no = 0
    for room in rooms:
        for n in range(1, pupils + 1):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
            joined = room.created + timedelta(days=rng.uniform(0, 14))
            if rng.random() < 0.8:
                user = User(username=f"c{room.pk}-{n:02d}", email="", display_name=name)
                managed.append((user, room))
            else:
                learner_no += 1
                username = f"{LEARNER_PREFIX}{learner_no:05d}"
                email = f"{username}@example.org" if rng.random() < 0.5 else ""
                user = User(username=username, email=email, display_name=name)
            user.role = User.Role.LEARNER
            user.password = password
            user.date_joined = joined
            users.append(user)
            roster.append((user, room, joined))
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=False) for u in users if u.email],
            batch_size=BATCH,
        )
        with _own_timestamps(_field(ManagedPupil, "created"), _field(Membership, "joined_at")):
            ManagedPupil.objects.bulk_create(
                [
                    ManagedPupil(
                        user=u,
                        classroom=room,
                        created_by=room.owner,
                        name_key=normalize_arabic(u.display_name),
                        created=u.date_joined,
                    )
                    for u, room in managed
                ],
                batch_size=BATCH,
            )
            members = [
                Membership(classroom=room, user=u, role=Membership.Role.PUPIL, joined_at=joined)
                for u, room, joined in roster
            ]
            for i, room in enumerate(rooms):  # one class in ten has a co-teacher
                if n_teachers > 1 and rng.random() < 0.1:
                    other = teachers[(i // 2 + 1) % n_teachers]
                    members.append(
                        Membership(
                            classroom=room,
                            user=other,
                            role=Membership.Role.CO_TEACHER,
                            joined_at=room.created,
                        )
                    )
            Membership.objects.bulk_create(members, batch_size=BATCH)
    report.pupils = len(users)
    log(f"  accounts and classes: {time.monotonic() - started:.0f} s")

    # --- assignments ------------------------------------------------------------------------
    assignments = []
    reference_done = set()
    for room in rooms:
        c = room.curriculum
        lessons = content.lessons[c.pk]
        targets = [("lesson", lesson) for lesson in lessons]
        targets += [("unit", unit) for unit in content.units[c.pk]]
        targets += [("quiz", lesson.quiz) for lesson in lessons if lesson.quiz_id]
        if c.pre_assessment_id:
            targets.insert(0, ("pre", c.pre_assessment))
        if c.post_assessment_id:
            targets.append(("post", c.post_assessment))
        reference = c.audience != "community" and c.pk not in reference_done and pupils >= 40
        if reference:
            reference_done.add(c.pk)
            report.reference_classes.append(room.pk)
            count = REFERENCE_ASSIGNMENTS
        else:
            count = rng.randint(8, 20)
        start = room.created + timedelta(days=3)
        for k in range(count):
            kind, target = targets[k % len(targets)]
            due = (start + timedelta(days=7 * k)).date()  # a re-assignment comes weeks later
            assignment = Assignment(
                classroom=room,
                kind=kind,
                created_by=room.owner,
                due_on=due if rng.random() < 0.8 else None,
                created=start + timedelta(days=7 * k),
            )
            setattr(assignment, "quiz" if kind in ("quiz", "pre", "post") else kind, target)
            assignments.append(assignment)
    with _own_timestamps(_field(Assignment, "created")), transaction.atomic():
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    report.assignments = len(assignments)

    # --- lesson progress --------------------------------------------------------------------
    learners = [
        _Pupil(rng, u.pk, room.curriculum, content.lessons[room.curriculum_id], joined)
        for u, room, joined in roster
    ]
    progress, completions = [], []
    for p in learners:
        clock = p.joined
        for i, lesson in enumerate(p.lessons[: p.done + 1]):
            clock = min(now - timedelta(hours=2), clock + timedelta(days=rng.uniform(1, 20)))
            finished = i < p.done
            progress.append(
                LessonProgress(
                    user_id=p.user_id,
                    lesson=lesson,
                    started_at=clock,
                    completed_at=clock + timedelta(minutes=rng.randint(4, 25)) if finished else None,
                )
            )
        if p.lessons and p.done == len(p.lessons):
            completions.append(
                CurriculumCompletion(user_id=p.user_id, curriculum=p.curriculum, completed_at=clock)
            )
    with _own_timestamps(_field(LessonProgress, "started_at")), transaction.atomic():
        LessonProgress.objects.bulk_create(progress, batch_size=BATCH)
        CurriculumCompletion.objects.bulk_create(completions, batch_size=BATCH)
    report.lesson_progress = len(progress)
    log(f"  assignments and progress: {time.monotonic() - started:.0f} s")

    # --- attempts and answers ---------------------------------------------------------------
    plans = [(p, p.plan(rng)) for p in learners]
    remaining = answers
    pending: list[tuple[Attempt, list[Answer]]] = []
    attempt_fields = (_field(Attempt, "started_at"),)

    def flush():
        if not pending:
            return
        with _own_timestamps(*attempt_fields, _field(Answer, "saved_at")), transaction.atomic():
            Attempt.objects.bulk_create([a for a, _ in pending], batch_size=BATCH)
            rows = []
            for attempt, items in pending:
                for answer in items:
                    answer.attempt_id = attempt.pk
                    rows.append(answer)
            Answer.objects.bulk_create(rows, batch_size=BATCH * 2)
        report.attempts += len(pending)
        pending.clear()

    while remaining > 0 and plans:
        still = []
        for p, plan in plans:
            if remaining <= 0:
                break
            if rng.random() > p.engagement:
                still.append((p, plan))
                continue
            step = next(plan, None)
            if step is None:
                continue
            still.append((p, plan))
            quiz, learned = step
            questions = _draw(rng, quiz, content.questions[quiz.pk], p.seen[quiz.pk])
            if not questions:
                continue
            p.seen[quiz.pk].update(q.pk for q in questions)
            begun = p.advance(rng, now, 10)
            chance = min(0.97, p.skill + 0.25 * learned)
            immediate = quiz.feedback == "immediate"
            items, total = [], 0.0
            moment = begun
            for question in questions[:remaining]:
                response = _response(rng, question, rng.random() < chance)
                score = grade(question.type, options=question.facts, data=question.data, response=response)
                moment += timedelta(seconds=rng.randint(15, 90))
                items.append(
                    Answer(
                        question_id=question.pk,
                        response=response,
                        score=score,
                        saved_at=moment,
                        checked_at=moment if immediate else None,
                    )
                )
                total += score
            remaining -= len(items)
            pending.append(
                (
                    Attempt(
                        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        quiz=quiz,
                        user_id=p.user_id,
                        seed=rng.getrandbits(48),
                        question_ids=[q.pk for q in questions],
                        counts_for_credit=True,
                        status=Attempt.Status.SUBMITTED,
                        started_at=begun,
                        submitted_at=moment + timedelta(seconds=5),
                        score=total,
                        max_score=float(len(questions)),
                    ),
                    items,
                )
            )
            if len(pending) >= BATCH:
                flush()
        plans = still
    flush()
    report.answers = answers - remaining
    log(f"  attempts and answers: {time.monotonic() - started:.0f} s")

    report.campaigns = _seed_campaigns(rng=rng, count=campaigns, start=year_ago, days=DAYS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would have done by now on a live site
    report.seconds = time.monotonic() - started
    return report


def _seed_campaigns(*, rng: random.Random, count: int, start: datetime, days: int) -> str:
    """``count`` campaigns with a year of daily rows per source (the campaigns app's own seeder)."""
    if count <= 0:
        return "none asked for"
    try:
        from literacy.campaigns.bench import seed_campaign_year
    except ImportError:
        return "skipped (literacy.campaigns has no seeder)"
    rows = 0
    for _ in range(count):
        made = seed_campaign_year(days=days, manager_username=MANAGER, seed=rng.getrandbits(32))
        rows += made.rows
    return f"{count} campaigns, {rows} daily rows"


def fingerprint() -> str:
    """A hash of the seeded rows without database ids or absolute times (times are taken relative
    to the earliest bench account), equal for two seeds with the same arguments."""
    from literacy.classrooms.models import Assignment, Classroom, Membership
    from literacy.progress.models import LessonProgress
    from quizzes.models import Answer, Attempt

    digest = hashlib.sha256()
    users = bench_users()
    first = users.order_by("date_joined").values_list("date_joined", flat=True).first()
    if first is None:
        return "empty"

    def rel(moment):
        return None if moment is None else round((moment - first).total_seconds())

    # Managed pupils are named after their class's id ("c<id>-NN"): name them by the class's rank.
    rank = {
        pk: n
        for n, pk in enumerate(
            Classroom.objects.filter(owner__in=users).order_by("name").values_list("pk", flat=True)
        )
    }

    def plain(value):
        if isinstance(value, str) and (m := re.fullmatch(r"c(\d+)-(\d+)", value)):
            return f"class{rank.get(int(m.group(1)))}-{m.group(2)}"
        return value

    def feed(rows):
        for row in rows:
            row = [plain(v) for v in row]
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str).encode())

    feed(users.order_by("date_joined", "username").values_list("username", "display_name", "role", "email"))
    feed(
        (name, owner, slug, code, rel(created))
        for name, owner, slug, code, created in Classroom.objects.filter(owner__in=users)
        .order_by("name")
        .values_list("name", "owner__username", "curriculum__slug", "join_code", "created")
    )
    feed(
        Membership.objects.filter(user__in=users)
        .order_by("classroom__name", "joined_at", "user__username")
        .values_list("classroom__name", "user__username", "role")
    )
    feed(
        (room, kind, lesson, unit, quiz, rel(timezone.make_aware(datetime.combine(due, datetime.min.time())))
         if due else None)
        for room, kind, lesson, unit, quiz, due in Assignment.objects.filter(classroom__owner__in=users)
        .order_by("classroom__name", "created", "kind")
        .values_list("classroom__name", "kind", "lesson__slug", "unit__slug", "quiz__slug", "due_on")
    )  # fmt: skip
    feed(
        (u, lesson, rel(s), rel(c))
        for u, lesson, s, c in LessonProgress.objects.filter(user__in=users)
        .order_by("user__date_joined", "user__username", "lesson__slug")
        .values_list("user__username", "lesson__slug", "started_at", "completed_at")
    )
    feed(
        (str(pid), u, q, seed, score, rel(started))
        for pid, u, q, seed, score, started in Attempt.objects.filter(user__in=users)
        .order_by("public_id")
        .values_list("public_id", "user__username", "quiz__slug", "seed", "score", "started_at")
    )
    feed(
        (str(pid), key, response, score)
        for pid, key, response, score in Answer.objects.filter(attempt__user__in=users)
        .order_by("attempt__public_id", "question__quiz__slug", "question__key")
        .values_list("attempt__public_id", "question__key", "response", "score")
    )
    return digest.hexdigest()[:16]
