"""Grading: pure functions from a question's facts and a learner's response to a score in [0, 1].

Responses are stored with option keys (never positions on a page):
  single / technique / true_false / compare: {"choice": key}
  multiple: {"choices": [key, ...]}          red_flags: {"flags": [key, ...]}
  rating: {"rating": 1..7}                   order: {"order": [key, ...]}

Rules (also in docs/content-authoring.md):
- single, technique, true_false, compare: 1 for the right option, else 0.
- multiple: (right picks - wrong picks) / number of right options, floored at 0.
- red_flags: (hits - false alarms) / number of flagged parts, floored at 0.
- rating: 1 when the rating is on the right side of the mid-point 4 (5-7 for a reliable post,
  1-3 for a manipulative one), else 0. The raw rating feeds discernment.
- order: share of steps placed in their right position.
"""

from dataclasses import dataclass

CHOICE_TYPES = {"single", "technique", "true_false", "compare"}
SET_TYPES = {"multiple": "choices", "red_flags": "flags"}
RATING_MIN, RATING_MAX, RATING_MID = 1, 7, 4


@dataclass(frozen=True)
class OptionFacts:
    key: str
    is_correct: bool
    order: int = 0


def normalise_response(question_type: str, *, option_keys: list[str], response: dict | None) -> dict:
    """The response as it is stored: only keys of this question's options, each picked once, so a
    form posting ``choices=o2&choices=o2`` neither scores nor skews the statistics twice."""
    response = response or {}
    known = set(option_keys)
    if question_type in CHOICE_TYPES:
        choice = response.get("choice")
        return {"choice": choice} if choice in known else {}
    if question_type in SET_TYPES:
        name = SET_TYPES[question_type]
        picked = set(response.get(name) or [])
        return {name: [key for key in option_keys if key in picked]}
    if question_type == "rating":
        rating = response.get("rating")
        ok = isinstance(rating, int) and not isinstance(rating, bool) and RATING_MIN <= rating <= RATING_MAX
        return {"rating": rating} if ok else {}
    if question_type == "order":
        order = list(dict.fromkeys(k for k in (response.get("order") or []) if k in known))
        return {"order": order} if sorted(order) == sorted(option_keys) else {}
    raise ValueError(f"unknown question type {question_type!r}")


def grade(question_type: str, *, options: list[OptionFacts], data: dict, response: dict | None) -> float:
    response = response or {}
    if question_type in CHOICE_TYPES:
        right = {o.key for o in options if o.is_correct}
        return 1.0 if response.get("choice") in right else 0.0
    if question_type in SET_TYPES:
        chosen = set(response.get(SET_TYPES[question_type]) or [])
        right = {o.key for o in options if o.is_correct}
        if not right:
            return 0.0
        hits = len(chosen & right)
        false_alarms = len(chosen - right)
        return max(0.0, (hits - false_alarms) / len(right))
    if question_type == "rating":
        rating = response.get("rating")
        if not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
            return 0.0
        if data.get("reliable"):
            return 1.0 if rating > RATING_MID else 0.0
        return 1.0 if rating < RATING_MID else 0.0
    if question_type == "order":
        placed = response.get("order") or []
        right = [o.key for o in sorted(options, key=lambda o: o.order)]
        if not right:
            return 0.0
        return sum(1 for a, b in zip(placed, right, strict=False) if a == b) / len(right)
    raise ValueError(f"unknown question type {question_type!r}")


def correct_response(question_type: str, *, options: list[OptionFacts], data: dict) -> dict:
    """The response that scores 1 (shown on the results page)."""
    right = [o.key for o in sorted(options, key=lambda o: o.order) if o.is_correct]
    if question_type in CHOICE_TYPES:
        return {"choice": right[0] if right else None}
    if question_type in SET_TYPES:
        return {SET_TYPES[question_type]: right}
    if question_type == "rating":
        return {"reliable": bool(data.get("reliable"))}
    if question_type == "order":
        return {"order": [o.key for o in sorted(options, key=lambda o: o.order)]}
    raise ValueError(f"unknown question type {question_type!r}")
