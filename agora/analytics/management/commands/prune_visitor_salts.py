"""`manage.py prune_visitor_salts [--chain]`: deletes the visitor salts older than yesterday
now; with `--chain`, also enqueues the background run that repeats every hour, unless one is
already waiting in the database queue (so `make run` may start it every time: there is only
ever one chain)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agora.analytics.tasks import visitor_salts_prune as prune_task
from agora.analytics.visitors import visitor_salts_prune
from agora.core.scheduling import enqueue_chain_once


class Command(BaseCommand):
    help = "Delete old visitor salts now; --chain also starts the hourly background run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="store_true", help="start the recurring task")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{visitor_salts_prune()} old visitor salts deleted")
        if not options["chain"]:
            return
        if enqueue_chain_once(prune_task, True):
            self.stdout.write("visitor salt task enqueued (every hour)")
        else:
            self.stdout.write("the visitor salt task is already queued")
