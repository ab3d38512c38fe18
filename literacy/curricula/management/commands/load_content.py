from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from literacy.curricula.loader import ContentInvalid, read_content
from literacy.curricula.services import content_apply
from quizzes.audit import lopsided_report


class Command(BaseCommand):
    help = (
        "Validate the content tree (lessons, curricula, techniques, glossary, quizzes) and, "
        "if every file is valid, upsert it into the database in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.BASE_DIR / "content"))
        parser.add_argument("--check", action="store_true", help="Validate only; write nothing.")
        parser.add_argument(
            "--strict", action="store_true", help="With --check: fail when quiz keys are lopsided."
        )

    def handle(self, *args, path, check, strict=False, **options):
        try:
            tree = read_content(Path(path))
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(invalid.errors)} problem(s) in the content; nothing was written."
            ) from None
        for slug in tree.unlisted_lessons:
            self.stdout.write(f"  note: lesson '{slug}' is in no unit: not loaded (unpublished if it was).")
        summary = (
            f"{len(tree.curricula)} curricula, {len(tree.lessons)} lessons, "
            f"{len(tree.techniques)} techniques, {len(tree.quizzes)} quizzes"
        )
        if check:
            cues = lopsided_report(tree.quizzes)
            for finding in cues:
                self.stdout.write(self.style.WARNING(f"  lopsided: {finding}"))
            if cues and strict:
                raise CommandError(
                    f"{len(cues)} answer cue(s) in the quizzes (see docs/content-authoring.md)."
                )
            self.stdout.write(self.style.SUCCESS(f"Content is valid: {summary}."))
            return
        report = content_apply(tree=tree)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {summary}: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unpublished)} unpublished, {report.unchanged} unchanged."
            )
        )
        for label in report.unpublished:
            self.stdout.write(f"  unpublished: {label}")
