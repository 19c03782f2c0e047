"""The default cache without Redis is one bounded store shared by every process of the machine
(agora.core.cache.SharedSQLiteCache): what one worker writes, another reads; a delete is seen
everywhere at once; `add` is atomic across processes; the store never outgrows MAX_ENTRIES."""

import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

import agora
from agora.core.cache import SharedSQLiteCache

WORKTREE = str(Path(agora.__file__).resolve().parent.parent)


def _in_another_process(location: Path, code: str) -> str:
    """Runs `code` in a fresh Python process with `c`, a SharedSQLiteCache on `location`;
    returns what it printed."""
    script = "from agora.core.cache import SharedSQLiteCache\n"
    script += f"c = SharedSQLiteCache({str(location)!r}, {{}})\n" + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PYTHONPATH": WORKTREE, "PATH": "/usr/bin:/bin"},
        cwd=WORKTREE,
    )
    return done.stdout.strip()


def test_the_default_cache_is_the_shared_store_without_redis():
    if settings.REDIS_URL:
        pytest.skip("Redis is the shared cache when REDIS_URL is set")
    default = caches["default"]
    assert isinstance(default, SharedSQLiteCache)
    default.set("agora:test", {"a": 1})
    assert default.get("agora:test") == {"a": 1}


def test_a_value_written_by_one_process_is_read_by_another(tmp_path):
    mine = SharedSQLiteCache(str(tmp_path), {})
    mine.set("from-parent", ("<p>card</p>", "<p>body</p>"), 60)

    seen = _in_another_process(
        tmp_path,
        """
        print(c.get("from-parent"))
        c.set_many({"from-child": [1, 2, 3], "other": "x"}, 60)
        """,
    )

    assert seen == "('<p>card</p>', '<p>body</p>')"
    assert mine.get_many(["from-child", "other", "missing"]) == {
        "from-child": [1, 2, 3],
        "other": "x",
    }


def test_a_delete_in_one_process_is_seen_by_the_others_at_once(tmp_path):
    mine = SharedSQLiteCache(str(tmp_path), {})
    mine.set("index", "old", 600)
    assert mine.get("index") == "old"

    _in_another_process(tmp_path, 'c.delete("index")')

    assert mine.get("index") is None


def test_add_is_won_by_exactly_one_of_simultaneous_processes(tmp_path):
    SharedSQLiteCache(str(tmp_path), {}).clear()  # the file exists before the race starts
    code = 'print(c.add("lock", 1, 60))'
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda _: _in_another_process(tmp_path, code), range(6)))

    assert sorted(outcomes) == ["False"] * 5 + ["True"]


def test_the_store_stays_bounded(tmp_path):
    bounded = SharedSQLiteCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})

    for i in range(120):
        bounded.set(f"one-{i}", i, 600)
        assert _entries(tmp_path) <= 50
    for start in range(0, 200, 20):
        bounded.set_many({f"batch-{start + i}": i for i in range(20)}, 600)
        assert _entries(tmp_path) <= 50

    # The newest entries stay; the oldest went first.
    assert len(bounded.get_many([f"batch-{i}" for i in range(180, 200)])) == 20
    assert bounded.get("one-0") is None


def test_expired_entries_are_gone_and_make_room_first(tmp_path):
    c = SharedSQLiteCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    c.set_many({f"short-{i}": i for i in range(5)}, 0.2)
    c.set("forever", "kept", None)
    time.sleep(0.3)

    assert c.get("short-0") is None and not c.has_key("short-1")
    assert c.add("short-2", "again", 60)  # an expired key can be added again
    c.set_many({f"long-{i}": i for i in range(8)}, 600)

    assert c.get("forever") == "kept"
    assert _entries(tmp_path) <= 10


def test_counters_touch_and_deletes(tmp_path):
    c = SharedSQLiteCache(str(tmp_path), {})
    c.set("n", 1, 60)
    assert c.incr("n", 4) == 5
    assert c.decr("n") == 4
    with pytest.raises(ValueError, match="not found"):
        c.incr("missing")
    assert c.touch("n", None) and not c.touch("missing")
    c.delete_many(["n"])
    assert c.get("n", "gone") == "gone"
    assert c.add("x", 1) and not c.add("x", 2)
    assert c.get("x") == 1


def _entries(location: Path) -> int:
    import sqlite3

    with sqlite3.connect(location / "cache.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM cache").fetchone()[0]
