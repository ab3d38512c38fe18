"""Backups of the whole site: the database and the media files (certificate PDFs, class exports).

A backup is a folder ``wai-backup-<UTC time>/`` holding:
- ``database.dump``: ``pg_dump --format=custom`` of the PostgreSQL database (no owner, no grants, so
  it restores under any role), or ``database.sqlite3``: a consistent copy made with SQLite's backup
  API while the site runs;
- ``media.tar.gz``: everything under MEDIA_ROOT;
- ``manifest.json``: when, from which engine, the latest migration of every app, and the SHA-256 of
  both files (checked before anything is restored).

Restoring goes into an empty database only (a fresh ``createdb``, or a SQLite path that does not
exist yet) and an empty or missing MEDIA_ROOT: it never merges into live data. Used by
``manage.py backup`` / ``manage.py restore`` (``make backup`` / ``make restore``).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

DUMP, SQLITE, MEDIA, MANIFEST = "database.dump", "database.sqlite3", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def backup_create(*, output: Path) -> Path:
    """Write a backup folder under ``output`` and return its path."""
    db = connection.settings_dict
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(output) / f"wai-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        args, env = _pg_args(db)
        subprocess.run(  # noqa: S603  # fixed program, arguments from settings
            [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(target / DUMP), db["NAME"]],
            env=env, check=True,
        )  # fmt: skip
        database = DUMP
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / SQLITE))
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        database = SQLITE
    else:
        raise BackupError(f"no backup for the {connection.vendor} engine")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as tar:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                tar.add(child, arcname=child.name)
    migrations = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.values_list("app", "name").order_by("app", "name")
    ):
        migrations[app] = name
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "engine": connection.vendor,
        "database": database,
        "migrations": migrations,
        "sha256": {database: _sha256(target / database), MEDIA: _sha256(target / MEDIA)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return target


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a backup folder ({MANIFEST}: {error})") from error
    for name, expected in manifest["sha256"].items():
        if not (source / name).is_file() or _sha256(source / name) != expected:
            raise BackupError(f"{name} is missing or damaged (its SHA-256 differs from the manifest)")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, source: Path) -> dict:
    """Restore the backup folder ``source`` into the configured (empty) database and MEDIA_ROOT."""
    source = Path(source)
    manifest = _read_manifest(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, this site uses {connection.vendor}"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty: restore into an empty folder")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        if not _database_is_empty():
            raise BackupError(f"the database {db['NAME']} is not empty: restore into a new one (createdb)")
        connection.close()
        args, env = _pg_args(db)
        subprocess.run(  # noqa: S603  # fixed program, arguments from settings
            [_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", db["NAME"], str(source / DUMP)],
            env=env, check=True,
        )  # fmt: skip
    else:
        path = Path(db["NAME"])
        connection.close()
        if path.exists() and path.stat().st_size:
            raise BackupError(f"the database file {path} exists: restore to a new path")
        shutil.copyfile(source / SQLITE, path)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # no absolute paths, no "..", no devices
    return manifest
