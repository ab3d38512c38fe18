"""manage.py bench_seed: the bench's large data set (bench/seed.py), under bench.settings."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench import seed as bench_seed


class Command(BaseCommand):
    help = "Seed a realistic large data set (classes, pupils, assignments, graded answers) from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--classes", type=int, default=200)
        parser.add_argument("--pupils", type=int, default=40, help="pupils per class")
        parser.add_argument("--answers", type=int, default=200_000, help="graded answers in all")
        parser.add_argument("--campaigns", type=int, default=20)
        parser.add_argument("--replace", action="store_true", help="delete an earlier bench seed first")
        parser.add_argument("--load-content", action="store_true", help="run load_content first")
        parser.add_argument("--fingerprint", action="store_true", help="print the data set's hash")

    def handle(self, *args, **options):
        if options["load_content"]:
            call_command("load_content", verbosity=options["verbosity"])
        if options["replace"]:
            removed = bench_seed.unseed()
            self.stdout.write(f"Removed an earlier seed ({removed} accounts).")
        try:
            report = bench_seed.seed(
                seed=options["seed"],
                classes=options["classes"],
                pupils=options["pupils"],
                answers=options["answers"],
                campaigns=options["campaigns"],
                log=self.stdout.write,
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Seeded: {report}")
        self.stdout.write(f"Reference classes (40 assignments): {report.reference_classes}")
        if options["fingerprint"]:
            self.stdout.write(f"Fingerprint: {bench_seed.fingerprint()}")
