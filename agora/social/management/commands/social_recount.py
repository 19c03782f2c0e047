"""Counts the stored social counters again from the rows they count: unread notifications per
person and followers/following per actor. For data written outside the services (bulk seeding,
the admin); the services keep them exact otherwise."""

from typing import Any

from django.core.management.base import BaseCommand

from agora.social.services.follow_counts import follow_counts_rebuild
from agora.social.services.notification_counts import unread_rebuild


class Command(BaseCommand):
    help = "Recount stored unread-notification and follower counts."

    def handle(self, *args: Any, **options: Any) -> None:
        people = unread_rebuild()
        actors = follow_counts_rebuild()
        self.stdout.write(
            f"Recounted unread notifications of {people} people, follows of {actors} actors."
        )
