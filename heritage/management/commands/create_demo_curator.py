import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from heritage.roles import REVIEWERS, roles_setup


class Command(BaseCommand):
    help = (
        "Create the demo account for local use (staff, in the Reviewers group, so it can "
        "edit and publish) and print its password once."
    )

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
        roles_setup()
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, email="", password=password, is_staff=True
        )
        user.groups.add(Group.objects.get(name=REVIEWERS))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo curator created: username '{username}', password {password} "
                f"(a reviewer: may edit and publish; not a superuser)."
            )
        )
