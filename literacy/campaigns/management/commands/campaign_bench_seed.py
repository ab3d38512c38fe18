import json

from django.core.management.base import BaseCommand

from literacy.campaigns.bench import as_dict, seed_campaign_year


class Command(BaseCommand):
    help = "Create a campaign with a year of daily counts (for benchmarks); prints its ids as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--sources", type=int, default=5)
        parser.add_argument("--manager", default="bench-manager", help="username of the campaign manager")
        parser.add_argument(
            "--password", default="", help="for a new manager (default: a random one, printed)"
        )

    def handle(self, *args, **options):
        bench = seed_campaign_year(
            days=options["days"],
            sources=options["sources"],
            manager_username=options["manager"],
            manager_password=options["password"],
        )
        self.stdout.write(json.dumps(as_dict(bench), ensure_ascii=False))
