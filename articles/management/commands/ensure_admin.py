"""Create (or reset) the local development superuser and print its login."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Ensure a local admin account exists (development only) and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("NEWSROOM_ADMIN_USER", "admin"))
        parser.add_argument(
            "--password", default=os.environ.get("NEWSROOM_ADMIN_PASSWORD", "newsroom-admin")
        )

    def handle(self, *args, username, password, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development: set DJANGO_DEBUG=1.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@localhost"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:8000/admin/  user {username!r}  password {password!r}"
            )
        )
