"""The SQLite backend keeps each query text's placeholder conversion (queries answer as on
Django's own backend: placeholders, literal percent signs, named parameters), and queues its
writers on a lock file instead of letting them sleep in SQLite's busy handler."""

import fcntl
import os
import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from agora.core.db.sqlite3 import base
from agora.social.models import Tag

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend")


def test_the_conversion_matches_djangos_and_is_kept():
    base._qmark.cache_clear()
    query = "SELECT %s, '100%%', 'a%%s' WHERE x = %s"
    assert base._qmark(query) == "SELECT ?, '100%', 'a%s' WHERE x = ?"
    base._qmark(query)
    assert base._qmark.cache_info().hits == 1


@pytest.mark.django_db
def test_queries_run_through_it_with_every_parameter_style():
    assert connection.settings_dict["ENGINE"] == "agora.core.db.sqlite3"
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, base.SQLiteCursorWrapper)
        cursor.execute("SELECT %s || '%%', %s", ["50", 7])
        assert cursor.fetchone() == ("50%", 7)
        cursor.execute("SELECT %(a)s + %(b)s", {"a": 2, "b": 3})
        assert cursor.fetchone() == (5,)
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        cursor.execute("CREATE TEMP TABLE kept_conversion (n integer)")
        cursor.executemany("INSERT INTO kept_conversion VALUES (%s)", [[1], [2]])
        cursor.execute("SELECT SUM(n) FROM kept_conversion")
        assert cursor.fetchone() == (3,)


# --- the writers' queue --------------------------------------------------------------------


def _queue_path() -> str:
    return f"{connection.settings_dict['NAME']}.writers"


def _queue_is_free() -> bool:
    fd = os.open(_queue_path(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _in_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_transaction_holds_its_place_until_commit_and_the_next_writer_follows():
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first():
        with transaction.atomic():
            Tag.objects.create(name="first")
            order.append("first in")
            inside.set()
            release.wait(10)
            order.append("first out")

    def second():
        inside.wait(10)
        with transaction.atomic():
            order.append("second in")
            Tag.objects.create(name="second")

    threads = [_in_thread(first), _in_thread(second)]
    assert inside.wait(10)
    time.sleep(0.3)
    assert order == ["first in"]  # the second writer waits its turn
    assert not _queue_is_free()
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first in", "first out", "second in"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"first", "second"}
    assert _queue_is_free()


@pytest.mark.django_db(transaction=True)
def test_a_rollback_gives_up_its_place():
    with pytest.raises(ValueError), transaction.atomic():
        Tag.objects.create(name="rolled-back")
        assert not _queue_is_free()
        raise ValueError
    assert _queue_is_free()
    assert not Tag.objects.filter(name="rolled-back").exists()


@pytest.mark.django_db(transaction=True)
def test_a_writer_whose_place_never_comes_goes_on_after_its_timeout():
    """The queue never makes a writer wait longer than SQLite would: past the connection's
    timeout it begins without its place, and SQLite's own lock decides."""
    settings_dict = {**connection.settings_dict}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "timeout": 0.3}
    writer = base.DatabaseWrapper(settings_dict, "default")
    holder = os.open(_queue_path(), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # someone holds the queue but not the database
    try:
        started = time.monotonic()
        writer.ensure_connection()
        writer._start_transaction_under_autocommit()
        with writer.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Tag._meta.db_table} (name, post_count) VALUES (%s, 0)", ["late"]
            )
        writer._commit()
        waited = time.monotonic() - started
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
        writer.close()
    assert 0.3 <= waited < 5
    assert Tag.objects.filter(name="late").exists()


def _writer(timeout: float) -> base.DatabaseWrapper:
    settings_dict = {**connection.settings_dict}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "timeout": timeout}
    writer = base.DatabaseWrapper(settings_dict, "default")
    writer.ensure_connection()
    return writer


@pytest.mark.django_db(transaction=True)
def test_a_writer_waits_no_longer_than_its_timeout_in_all():
    """Queue and busy handler together: with both the queue and the database held, the
    writer gives up after about its timeout (as before the queue), not twice that."""
    holder = sqlite3.connect(connection.settings_dict["NAME"])
    holder.execute("BEGIN IMMEDIATE")  # holds the database's write lock
    queue = os.open(_queue_path(), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(queue, fcntl.LOCK_EX)
    writer = _writer(0.4)
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"):
            writer._start_transaction_under_autocommit()
        waited = time.monotonic() - started
        assert 0.4 <= waited < 0.7
        assert _queue_is_free() is False  # the holder still has it; the writer took nothing
    finally:
        fcntl.flock(queue, fcntl.LOCK_UN)
        os.close(queue)
        holder.rollback()
        holder.close()
        writer.close()
    assert _queue_is_free()


@pytest.mark.django_db(transaction=True)
def test_without_a_lock_file_the_queue_is_off_and_writes_still_work(monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError("owned by someone else")

    writer = _writer(1)
    monkeypatch.setattr(base.os, "open", refused)
    try:
        writer._start_transaction_under_autocommit()
        with writer.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Tag._meta.db_table} (name, post_count) VALUES (%s, 0)", ["no-queue"]
            )
        writer._commit()
    finally:
        writer.close()
    assert Tag.objects.filter(name="no-queue").exists()


@pytest.mark.django_db(transaction=True)
def test_a_forked_child_opens_its_own_lock_file(monkeypatch):
    """The file inherited through fork is the parent's (one lock for both): the child closes
    its copy and opens the file anew."""
    writer = _writer(1)
    opened, closed = [], []
    real_open, real_close = os.open, os.close
    monkeypatch.setattr(
        base.os, "open", lambda *a, **k: opened.append(real_open(*a, **k)) or opened[-1]
    )
    monkeypatch.setattr(base.os, "close", lambda fd: closed.append(fd) or real_close(fd))
    try:
        first = writer._queue_file()
        assert writer._queue_file() == first and len(opened) == 1  # kept while the pid holds
        writer._queue_pid = -1  # as if this process were a fork of the one that opened it
        writer._queue_file()
        assert closed == [first] and len(opened) == 2 and writer._queue_pid == os.getpid()
    finally:
        writer.close()
