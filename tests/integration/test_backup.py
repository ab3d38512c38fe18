"""Backup and restore (`make backup` / `make restore`): a site with learners, a class, answers and a
certificate PDF is backed up, restored into an empty database and an empty media folder by another
process, and then shows the same pages, CSV and JSON exports and files as the original."""

import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT, require

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _admin_dsn() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"


def _url(name: str) -> str:
    return f"{_admin_dsn()}/{name}"


@pytest.fixture
def empty_database():
    require("PostgreSQL", connection.vendor == "postgresql", "Set DATABASE_URL to a PostgreSQL database.")
    name = connection.settings_dict["NAME"] + "_restore"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site_with_data(settings, tmp_path):
    """A class with two pupils and an assignment, a pupil's submitted quiz, a learner with an issued
    certificate and its PDF."""
    from literacy.classrooms.services import assignment_create
    from literacy.progress.services import certificate_issue, certificate_render_pdf, lesson_progress_complete
    from tests.classrooms.conftest import answer_quiz, option_key
    from tests.factories import (
        ClassroomFactory,
        CurriculumFactory,
        LessonFactory,
        MembershipFactory,
        TeacherFactory,
        UnitFactory,
        UserFactory,
    )
    from tests.quizzes.conftest import SAMPLE, make_quiz

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    single = next(q for q in SAMPLE["questions"] if q["type"] == "single")
    quiz = make_quiz(slug="backup-check", title="اختبار الدرس", kind="knowledge_check", questions=[single])
    curriculum = CurriculumFactory(slug="backup", title="منهج النسخ الاحتياطي")
    lesson = LessonFactory(
        unit=UnitFactory(curriculum=curriculum), slug="backup-l1", title="الدرس", quiz=quiz
    )
    teacher = TeacherFactory(username="bk-teacher", display_name="الأستاذة سعاد")
    classroom = ClassroomFactory(owner=teacher, curriculum=curriculum, name="الخامس أ")
    pupils = [
        UserFactory(username=f"bk-pupil{n}", display_name=name) for n, name in enumerate(["علي", "زينب"])
    ]
    for pupil in pupils:
        MembershipFactory(classroom=classroom, user=pupil)
    assignment_create(classroom=classroom, kind="quiz", target_id=quiz.pk, created_by=teacher)
    right = {"single": lambda q: {"choice": option_key(q, correct=True)}}
    attempt = answer_quiz(quiz, pupils[0], right)
    learner = UserFactory(username="bk-learner", display_name="مصطفى")
    lesson_progress_complete(lesson=lesson, user=learner)
    answer_quiz(quiz, learner, right)
    certificate = certificate_render_pdf(
        certificate_id=certificate_issue(user=learner, curriculum=curriculum).pk
    )
    assert certificate.pdf
    c = f"/classes/{classroom.pk}"
    return {
        "pages": [
            ["", "/"],
            ["", curriculum.get_absolute_url()],
            ["", f"/progress/certificates/{certificate.code}/"],
            ["bk-learner", "/progress/"],
            ["bk-learner", "/me/"],
            ["bk-learner", "/me/data/"],
            ["bk-learner", f"/progress/certificates/{certificate.code}/print/"],
            ["bk-pupil0", f"/quizzes/attempts/{attempt.public_id}/results/"],
            ["bk-pupil0", "/classes/mine/"],
            ["bk-teacher", f"{c}/"],
            ["bk-teacher", f"{c}/export.csv"],
            ["bk-teacher", f"{c}/quizzes/{quiz.pk}/"],
            ["bk-teacher", f"{c}/quizzes/{quiz.pk}/export.csv"],
            ["bk-teacher", f"{c}/pupils/{pupils[0].pk}/"],
        ],
        "media": [certificate.pdf.name],
    }


def snapshot(spec_file, database_url: str, media_root) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_MEDIA_ROOT": str(media_root)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "integration" / "site_snapshot.py"), str(spec_file)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def test_a_backup_restored_into_an_empty_database_shows_the_same_site(
    site_with_data, empty_database, settings, tmp_path
):
    backup = call_command("backup", output=str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    assert backup is None and sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(site_with_data))
    before = snapshot(spec, _url(connection.settings_dict["NAME"]), settings.MEDIA_ROOT)

    restored_media = tmp_path / "restored-media"
    env = {**os.environ, "DATABASE_URL": _url(empty_database), "DJANGO_MEDIA_ROOT": str(restored_media)}
    restore = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert restore.returncode == 0, restore.stderr[-3000:]
    after = snapshot(spec, _url(empty_database), restored_media)

    assert before["media"] == after["media"] and all(before["media"].values()), (
        "the certificate PDF came back"
    )
    for page, seen in before["pages"].items():
        assert seen["status"] == 200, page
        assert after["pages"][page] == seen, f"{page} differs after the restore"
    export = json.loads(after["pages"]["bk-learner /me/data/"]["body"])
    assert export["account"]["display_name"] == "مصطفى"
    assert "علي" in after["pages"][f"bk-teacher /classes/{_class_id(site_with_data)}/export.csv"]["body"]

    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0 and "not empty" in again.stderr, "a restore never merges into live data"


def _class_id(spec) -> int:
    return int(next(path for _who, path in spec["pages"] if path.endswith("/export.csv")).split("/")[2])


def test_a_damaged_backup_is_refused_before_anything_is_touched(site_with_data, tmp_path):
    from literacy.core.backups import BackupError, backup_create, backup_restore

    folder = backup_create(output=tmp_path / "backups")
    with (folder / "media.tar.gz").open("ab") as f:
        f.write(b"x")
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(source=folder)
