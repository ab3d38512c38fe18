from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from literacy.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's backup API) and the media files into one folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Folder that receives wai-backup-<time>/.")

    def handle(self, *args, output, **options):
        try:
            target = backup_create(output=Path(output))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(target))
