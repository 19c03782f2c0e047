"""The demo's search index: everything the demo made, indexed (the services index as they save;
this stage catches whatever the seed wrote around them). Idempotent: a re-run adds no row."""

from __future__ import annotations

from typing import Any

from agora.discovery.services.search import search_index_rebuild


def seed_search(seed: Any) -> tuple[int, int]:
    """(rows added, rows already there)."""
    return search_index_rebuild()
