"""The order in which an attempt shows its questions and options: derived from the attempt's stored
seed, so a reload, a new log-in or another device shows exactly the same order."""

import random

from quizzes.models import Attempt, Question

# Types whose options keep the author's order: the parts sit in the post; a rating has none.
FIXED_ORDER_TYPES = {"red_flags", "rating"}
# Types shuffled in every attempt whatever the quiz says, because a fixed place would give the
# answer away: which source is better, whether "true" or "false" comes first, the steps' order.
# Their labels ("Source 1", "True") follow the place shown, never the author's order.
ALWAYS_SHUFFLED_TYPES = {"true_false", "compare", "order"}


def shuffled_question_ids(question_ids: list[int], *, seed: int, shuffle: bool) -> list[int]:
    ids = list(question_ids)
    if shuffle:
        random.Random(seed).shuffle(ids)
    return ids


def option_keys_in_display_order(attempt: Attempt, question: Question, options) -> list[str]:
    keys = [option.key for option in sorted(options, key=lambda o: o.order)]
    if question.type in FIXED_ORDER_TYPES:
        return keys
    if question.type in ALWAYS_SHUFFLED_TYPES or attempt.quiz.shuffle_options:
        shuffled = list(keys)
        random.Random(f"{attempt.seed}:{question.pk}").shuffle(shuffled)
        if question.type == "order" and shuffled == keys and len(keys) > 1:
            shuffled = shuffled[1:] + shuffled[:1]  # never show the steps already in order
        return shuffled
    return keys
