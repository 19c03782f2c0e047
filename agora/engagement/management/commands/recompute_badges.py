"""`manage.py recompute_badges [--chain]`: recomputes every badge now; with `--chain`, also
enqueues the hourly background run that keeps them current, unless one is already waiting in
the database queue (so `make run` may start it every time: there is only ever one chain)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agora.core.scheduling import enqueue_chain_once
from agora.engagement import services
from agora.engagement.tasks import badges_recompute


class Command(BaseCommand):
    help = "Recompute every badge now; --chain also starts the hourly background run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="store_true", help="start the hourly task")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.badges_recompute()
        self.stdout.write(
            f"earned {result['earned']}, lost {result['lost']}, bonuses {result['bonuses']}"
        )
        if not options["chain"]:
            return
        if enqueue_chain_once(badges_recompute, True):
            self.stdout.write("hourly badge task enqueued")
        else:
            self.stdout.write("the hourly badge task is already queued")
