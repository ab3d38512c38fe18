"""Parallel pre/post forms, counterbalanced: half the learners take form B first, so that a
difference between the forms cannot pass for learning. The one place that says which form a
learner takes first and which of their two attempts is "before". Pure, no queries."""

import hashlib

from quizzes.owners import Owner


def _parity(owner: Owner, pair_key: str) -> int:
    who = f"u{owner.user.pk}" if owner.user is not None else f"g{owner.guest_token}"
    return hashlib.sha256(f"{pair_key}:{who}".encode()).digest()[0] % 2


def forms_in_order(*, form_a, form_b, owner: Owner | None, first_submitted: dict | None = None):
    """(first, second) of the two forms for this learner. Once the learner has submitted either
    form, the one submitted first is first (whatever they were offered); before that, half the
    learners (by a hash of who they are and the pair) get form B first. Visitors without an owner
    get form A first. ``first_submitted``: {quiz_id: datetime of the first submitted attempt}."""
    if form_a is None or form_b is None:
        return form_a, form_b
    done = first_submitted or {}
    a_at, b_at = done.get(form_a.pk), done.get(form_b.pk)
    if a_at or b_at:
        b_first = b_at is not None and (a_at is None or b_at < a_at)
    else:
        b_first = owner is not None and _parity(owner, f"{form_a.pk}-{form_b.pk}") == 1
    return (form_b, form_a) if b_first else (form_a, form_b)


def before_and_after(first_submitted: dict, quiz_ids: tuple) -> tuple:
    """(before_quiz_id, after_quiz_id) for a learner who submitted the forms at the times given
    ({quiz_id: datetime}); None where a form has not been taken. Before is whichever came first."""
    taken = sorted((at, quiz_id) for quiz_id, at in first_submitted.items() if quiz_id in quiz_ids and at)
    before = taken[0][1] if taken else None
    after = taken[1][1] if len(taken) > 1 else None
    return before, after
