"""`manage.py notify_likes [--chain]`: writes the notifications of the likes made since the
last run now; with `--chain`, also enqueues the background run that repeats every few seconds,
unless one is already waiting in the database queue (so `make run` may start it every time:
there is only ever one chain). Run at start-up, it also catches up on the likes made while the
worker was down."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agora.core.scheduling import enqueue_chain_once
from agora.social.services.like_notifications import like_notifications_write
from agora.social.tasks import LIKE_NOTIFY_EVERY
from agora.social.tasks import like_notifications_write as like_notifications_task


class Command(BaseCommand):
    help = "Write the pending like notifications; --chain also starts the recurring task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="store_true", help="start the recurring task")

    def handle(self, *args: Any, **options: Any) -> None:
        result = like_notifications_write()
        self.stdout.write(
            f"{result.likes} likes read, {result.written} notifications written"
            + (" (busy)" if result.busy else "")
        )
        if not options["chain"]:
            return
        every = int(LIKE_NOTIFY_EVERY.total_seconds())
        if enqueue_chain_once(like_notifications_task, True):
            self.stdout.write(f"like notification task enqueued (every {every} s)")
        else:
            self.stdout.write("the like notification task is already queued")
