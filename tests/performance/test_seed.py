"""The bench's seed (bench/seed.py): the sizes asked for, and the same rows from the same seed."""

import pytest

from bench import seed as bench_seed
from tests.conftest import load_real_content

pytestmark = pytest.mark.django_db


def test_the_seed_makes_the_sizes_asked_for_and_is_reproducible():
    from literacy.classrooms.models import Classroom, Membership
    from quizzes.models import Answer

    load_real_content()
    report = bench_seed.seed(seed=7, classes=3, pupils=6, answers=500, campaigns=1, log=lambda *_: None)
    assert (report.classes, report.pupils, report.answers) == (3, 18, 500)
    assert Classroom.objects.count() == 3
    assert Membership.objects.filter(role="pupil").count() == 18
    assert Answer.objects.exclude(score=None).count() == 500
    first = bench_seed.fingerprint()

    with pytest.raises(RuntimeError, match="replace"):
        bench_seed.seed(seed=7, classes=3, pupils=6, answers=500, campaigns=0)
    bench_seed.unseed()
    assert Classroom.objects.count() == 0 and Answer.objects.count() == 0
    bench_seed.seed(seed=7, classes=3, pupils=6, answers=500, campaigns=1, log=lambda *_: None)
    assert bench_seed.fingerprint() == first, "same seed, same rows (whatever ids they got)"
    bench_seed.unseed()
    bench_seed.seed(seed=8, classes=3, pupils=6, answers=500, campaigns=0, log=lambda *_: None)
    assert bench_seed.fingerprint() != first
