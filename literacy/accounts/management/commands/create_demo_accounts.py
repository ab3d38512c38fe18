import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from literacy.accounts.services import demo_accounts_create


class Command(BaseCommand):
    help = "Create a demo teacher and learners with random passwords (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created with DJANGO_DEBUG on.")
        created = demo_accounts_create(password_factory=lambda: secrets.token_urlsafe(9))
        if not created:
            self.stdout.write("Demo accounts already exist (passwords were printed when created).")
            return
        self.stdout.write(self.style.SUCCESS("Demo accounts (shown once, development only):"))
        for username, role, password in created:
            self.stdout.write(f"  {role:<8} {username:<10} {password}")
