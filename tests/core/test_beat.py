"""Beat's schedule file is plain dbm.dumb files (literacy/core/beat.py), and it survives a restart."""

from literacy.celery import app
from literacy.core.beat import FileScheduler


def test_the_schedule_is_kept_in_plain_files_and_read_back(tmp_path, settings):
    assert app.conf.beat_scheduler == "literacy.core.beat:FileScheduler"
    path = str(tmp_path / "beat-schedule")
    scheduler = FileScheduler(app=app, schedule_filename=path, lazy=True)
    scheduler.setup_schedule()
    assert "mail-deliver" in scheduler.schedule
    entry = scheduler.schedule["mail-deliver"]
    scheduler.schedule["mail-deliver"] = entry._next_instance()  # as if it had just run
    ran_at = scheduler.schedule["mail-deliver"].last_run_at
    scheduler.sync()
    scheduler.close()
    assert {p.name for p in tmp_path.iterdir()} >= {"beat-schedule.dat", "beat-schedule.dir"}
    assert not (tmp_path / "beat-schedule").exists(), "no SQLite file (what dbm.sqlite3 would make)"

    again = FileScheduler(app=app, schedule_filename=path, lazy=True)
    again.setup_schedule()
    assert again.schedule["mail-deliver"].last_run_at == ran_at, "a restarted beat knows when it last ran"
    again.close()
