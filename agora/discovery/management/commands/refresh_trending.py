"""`manage.py refresh_trending [--chain] [--rebuild]`: counts the engagement events since the
last refresh into the trending scores and "Popular on Agora" labels now; with `--chain`, also
enqueues the background run that repeats every minute, unless one is already waiting in the
database queue (so `make run` may start it every time: there is only ever one chain);
`--rebuild` forgets every score and counts the whole event log again (after changing
AGORA_TRENDING_HALF_LIFE_HOURS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agora.core.scheduling import enqueue_chain_once
from agora.discovery.services import trending as services
from agora.discovery.tasks.trending import trending_refresh


class Command(BaseCommand):
    help = "Refresh the trending scores now; --chain also starts the every-minute background run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="store_true", help="start the recurring task")
        parser.add_argument("--rebuild", action="store_true", help="recount the whole history")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.trending_rebuild() if options["rebuild"] else services.trending_refresh()
        self.stdout.write(
            f"{result.events} events read, {result.accounts} accounts counted, "
            f"{result.products} products, {result.posts} posts, {result.tags} tags, "
            f"{result.categories} categories relabelled" + (" (busy)" if result.busy else "")
        )
        if not options["chain"]:
            return
        if enqueue_chain_once(trending_refresh, True):
            self.stdout.write("trending task enqueued (every minute)")
        else:
            self.stdout.write("the trending task is already queued")
