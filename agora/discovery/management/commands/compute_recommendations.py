"""`manage.py compute_recommendations [--user HANDLE ...]`: recomputes "For you" now, for
everyone or for the people named."""

from django.core.management.base import BaseCommand, CommandError

from agora.accounts.models import User
from agora.discovery.services.recommendations import recommendations_compute_all


class Command(BaseCommand):
    help = "Recomputes the For you recommendations of every active person (or of --user)."

    def add_arguments(self, parser):
        parser.add_argument("--user", action="append", default=[], help="a handle (repeatable)")

    def handle(self, *args, **options):
        handles = [h.lstrip("@") for h in options["user"]]
        users = None
        if handles:
            users = list(User.objects.filter(username__in=handles, is_active=True))
            missing = set(handles) - {u.username for u in users}
            if missing:
                raise CommandError(f"No such person: {', '.join(sorted(missing))}")
        done = recommendations_compute_all(users)
        self.stdout.write(f"Recommendations computed for {done} people.")
