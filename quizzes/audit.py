"""Answer cues in a set of quizzes: where the key could be guessed without the skill. Pure.

``key_balance`` measures what an expert reader checks first (docs/content-authoring.md, "Item
writing"); ``lopsided`` turns the measures into findings. ``load_content --check`` prints them for
the whole site and for each quiz, and ``--strict`` fails on any.
"""

from collections import Counter
from dataclasses import dataclass, field

from quizzes.loader import QuizData

MIN_ITEMS = 4  # fewer items of a type than this say nothing about balance


@dataclass
class Balance:
    right_position: dict[str, Counter] = field(default_factory=dict)  # type -> position -> count
    options_count: dict[str, Counter] = field(default_factory=dict)  # type -> number of options
    longest_right: list[int] = field(default_factory=lambda: [0, 0])  # [right is longest, items]
    true_false: Counter = field(default_factory=Counter)  # True / False keys
    compare: Counter = field(default_factory=Counter)  # 1 / 2
    flag_counts: Counter = field(default_factory=Counter)  # flags per red-flag item
    share_prompt: list[int] = field(default_factory=lambda: [0, 0])  # [flagged, present]
    rating_tone: Counter = field(default_factory=Counter)  # reliable / manipulative


def key_balance(quizzes: list[QuizData]) -> Balance:
    b = Balance()
    for quiz in quizzes:
        for q in quiz.questions:
            options = sorted(q.options, key=lambda o: o.order)
            if q.type in ("single", "technique"):
                position = next(i for i, o in enumerate(options) if o.is_correct) + 1
                b.right_position.setdefault(q.type, Counter())[position] += 1
                b.options_count.setdefault(q.type, Counter())[len(options)] += 1
                if q.type == "single":
                    lengths = [len(o.text) for o in options]
                    b.longest_right[1] += 1
                    right = lengths[position - 1]
                    b.longest_right[0] += right == max(lengths) and lengths.count(right) == 1
            elif q.type == "true_false":
                b.true_false[next(o.key for o in options if o.is_correct) == "true"] += 1
            elif q.type == "compare":
                b.compare[next(o.order for o in options if o.is_correct) + 1] += 1
            elif q.type == "red_flags":
                b.flag_counts[sum(o.is_correct for o in options)] += 1
                for o in options:
                    if o.kind == "share_prompt":
                        b.share_prompt[1] += 1
                        b.share_prompt[0] += o.is_correct
            elif q.type == "rating":
                b.rating_tone["reliable" if q.data.get("reliable") else "manipulative"] += 1
    return b


def lopsided(b: Balance) -> list[str]:
    findings = []
    for qtype, positions in b.right_position.items():
        n = sum(positions.values())
        if n >= MIN_ITEMS:
            position, count = positions.most_common(1)[0]
            usual = b.options_count[qtype].most_common(1)[0][0]
            if count > max(n / 2, 1.5 * n / usual):
                findings.append(f"{qtype}: the right option is number {position} in {count} of {n} items")
    right, n = b.longest_right
    if n >= MIN_ITEMS and right > n / 2:
        findings.append(f"single: the longest option is the right one in {right} of {n} items")
    n = sum(b.true_false.values())
    if n >= MIN_ITEMS and not 0.35 <= b.true_false[True] / n <= 0.65:
        findings.append(f"true_false: {b.true_false[True]} of {n} statements are true (keep 35-65 %)")
    n = sum(b.compare.values())
    if n >= MIN_ITEMS and not 0.35 <= b.compare[1] / n <= 0.65:
        findings.append(f"compare: source 1 is the better one in {b.compare[1]} of {n} items")
    n = sum(b.flag_counts.values())
    if n >= MIN_ITEMS and len(b.flag_counts) == 1:
        findings.append(f"red_flags: every one of {n} items has {next(iter(b.flag_counts))} flags")
    flagged, present = b.share_prompt
    if present >= MIN_ITEMS and flagged == present:
        findings.append(f"red_flags: the share prompt is a flag in all {present} items that have one")
    n = sum(b.rating_tone.values())
    if n >= MIN_ITEMS and not 0.3 <= b.rating_tone["reliable"] / n <= 0.7:
        findings.append(f"rating: {b.rating_tone['reliable']} of {n} posts are reliable (keep it near half)")
    return findings


def lopsided_report(quizzes: list[QuizData]) -> list[str]:
    """Findings for the whole set, then for each quiz alone (a quiz can hide behind the total)."""
    report = [f"all quizzes: {finding}" for finding in lopsided(key_balance(quizzes))]
    for quiz in quizzes:
        report += [f"{quiz.slug}: {finding}" for finding in lopsided(key_balance([quiz]))]
    return report
