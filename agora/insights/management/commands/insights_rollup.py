"""`manage.py insights_rollup [--chain] [--limit N]`: folds the engagement events since the
last run into the daily analytics rows now (all of them, without waiting for recent ones to
settle when --now is given); with `--chain`, also enqueues the every-minute background run
unless one is already waiting (so `make run` may start it every time)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agora.core.scheduling import enqueue_chain_once
from agora.insights import rollup
from agora.insights.tasks import insights_rollup


class Command(BaseCommand):
    help = "Fold the engagement events into the daily analytics rows; --chain starts the task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="store_true", help="start the recurring task")
        parser.add_argument("--limit", type=int, default=100_000_000, help="events at most")
        parser.add_argument("--now", action="store_true", help="fold even the last seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        settle = timedelta(0) if options["now"] else rollup.SETTLE
        done = rollup.rollup_run(max(1, options["limit"]), settle=settle)
        self.stdout.write(f"{done} events folded in {time.monotonic() - began:.1f}s")
        if not options["chain"]:
            return
        if enqueue_chain_once(insights_rollup, True):
            self.stdout.write("insights rollup task enqueued (every minute)")
        else:
            self.stdout.write("the insights rollup task is already queued")
