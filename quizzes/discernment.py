"""Discernment: how well a learner tells reliable posts from manipulative ones.

For a set of reliability ratings (1-7) of posts whose truth is known:
- discernment = mean rating of reliable posts - mean rating of manipulative posts
  (from -6 to +6; 0 means no discrimination, whatever the overall trust level);
- hit rate = share of manipulative posts rated unreliable (1-3);
- false-alarm rate = share of reliable posts rated unreliable (1-3): distrusting good information.
A course that makes learners distrust everything lowers the means of both kinds, so it raises the
false-alarm rate and does not raise discernment. The pre/post change is post minus pre.
"""

from dataclasses import dataclass

UNRELIABLE_MAX = 3


@dataclass(frozen=True)
class Discernment:
    n_reliable: int
    n_manipulative: int
    mean_reliable: float | None
    mean_manipulative: float | None
    discernment: float | None
    hit_rate: float | None
    false_alarm_rate: float | None


@dataclass(frozen=True)
class DiscernmentChange:
    before: Discernment
    after: Discernment
    discernment: float | None
    hit_rate: float | None
    false_alarm_rate: float | None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _rate(count: int, total: int) -> float | None:
    return count / total if total else None


def discernment(ratings: list[tuple[bool, int]]) -> Discernment:
    """``ratings``: (post is reliable, learner's rating 1-7) for each rated post."""
    reliable = [r for is_reliable, r in ratings if is_reliable]
    manipulative = [r for is_reliable, r in ratings if not is_reliable]
    mean_reliable, mean_manipulative = _mean(reliable), _mean(manipulative)
    return Discernment(
        n_reliable=len(reliable),
        n_manipulative=len(manipulative),
        mean_reliable=mean_reliable,
        mean_manipulative=mean_manipulative,
        discernment=(
            mean_reliable - mean_manipulative
            if mean_reliable is not None and mean_manipulative is not None
            else None
        ),
        hit_rate=_rate(sum(1 for r in manipulative if r <= UNRELIABLE_MAX), len(manipulative)),
        false_alarm_rate=_rate(sum(1 for r in reliable if r <= UNRELIABLE_MAX), len(reliable)),
    )


def _delta(a: float | None, b: float | None) -> float | None:
    return b - a if a is not None and b is not None else None


def discernment_change(before: Discernment, after: Discernment) -> DiscernmentChange:
    return DiscernmentChange(
        before=before,
        after=after,
        discernment=_delta(before.discernment, after.discernment),
        hit_rate=_delta(before.hit_rate, after.hit_rate),
        false_alarm_rate=_delta(before.false_alarm_rate, after.false_alarm_rate),
    )
