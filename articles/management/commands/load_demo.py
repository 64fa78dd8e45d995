"""Fill an empty database with the project's own demo content (idempotent)."""

from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Load demo articles, people, events and agreements written for this project."

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {created} articles created."))
        else:
            self.stdout.write("Demo content already loaded.")
