import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo curator account for local use and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Demo curator '{username}' exists (its password was printed when it was "
                f"created; reset it with: manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        # A superuser until the curator roles exist; the admin is then fully usable locally.
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo curator created: username '{username}', password {password}")
        )
