from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from literacy.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder (manage.py backup) into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The wai-backup-<time>/ folder.")

    def handle(self, *args, source, **options):
        try:
            manifest = backup_restore(source=Path(source))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created']} ({manifest['engine']}).")
