from django.core.management.base import BaseCommand

from heritage.roles import roles_setup


class Command(BaseCommand):
    help = (
        "Create the Curators and Reviewers groups with exactly their permissions "
        "(safe to run again: it corrects the groups to match)."
    )

    def handle(self, *args, **options):
        for name, count in roles_setup().items():
            self.stdout.write(f"{name}: {count} permissions")
