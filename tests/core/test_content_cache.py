"""Content-addressed values (cached fragments, post cards, JSON parts) are read through a small
tier in each process: what this process stored or read once is served without the shared
cache; what it lacks comes from the shared cache (another worker's rendering) and is kept."""

import pytest
from django.core.cache import cache

from agora.core import content_cache, fragments
from agora.core.bounded import BoundedLRU


@pytest.fixture
def shared_reads(monkeypatch) -> list[list[str]]:
    asked: list[list[str]] = []
    real = cache.get_many

    def get_many(keys, *args, **kwargs):
        asked.append(list(keys))
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    return asked


def test_what_this_process_stored_is_read_without_the_shared_cache(shared_reads):
    content_cache.set_many({"agora:t:1": "<p>one</p>"}, timeout=60)
    assert content_cache.get_many(["agora:t:1"]) == {"agora:t:1": "<p>one</p>"}
    assert shared_reads == []
    assert cache.get("agora:t:1") == "<p>one</p>"  # the other workers see it too


def test_another_workers_value_is_read_once_then_kept(shared_reads):
    cache.set("agora:t:2", ("a", "b"), 60)  # stored by another process
    assert content_cache.get_many(["agora:t:2", "agora:t:3"]) == {"agora:t:2": ("a", "b")}
    assert shared_reads == [["agora:t:2", "agora:t:3"]]
    assert content_cache.get_many(["agora:t:2", "agora:t:3"]) == {"agora:t:2": ("a", "b")}
    assert shared_reads[1] == ["agora:t:3"]  # only what is still missing


def test_the_tier_is_bounded_by_entries_and_characters(monkeypatch):
    small = BoundedLRU(3, max_weight=10, weigh=content_cache._weight)
    monkeypatch.setattr(content_cache, "_LOCAL", small)
    content_cache.set_many({f"k{n}": "x" for n in range(5)}, timeout=60)
    assert len(small) == 3
    content_cache.set_many({"big": ("12345", "678901")}, timeout=60)  # 11 characters
    assert "big" not in small
    assert cache.get("big") == ("12345", "678901")  # still shared


def test_cached_fragments_render_once_per_process_and_change_with_what_they_show(shared_reads):
    rendered: list[str] = []

    def cards(title: str) -> list:
        return fragments.cached_fragments(
            [title],
            kind="test-card:1",
            ident=lambda t: 1,
            signature=lambda t: (t,),
            render=lambda t: rendered.append(t) or f"<h3>{t}</h3>",
        )

    assert cards("Mug") == ["<h3>Mug</h3>"]
    assert cards("Mug") == ["<h3>Mug</h3>"]
    assert rendered == ["Mug"]
    assert len(shared_reads) == 1  # the first page asked the shared cache; the second did not
    assert cards("Big mug") == ["<h3>Big mug</h3>"]  # an edit: a new key, rendered at once
    assert rendered == ["Mug", "Big mug"]
