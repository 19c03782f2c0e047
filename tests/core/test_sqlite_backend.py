"""The SQLite backend keeps each query text's placeholder conversion; queries answer as on
Django's own backend (placeholders, literal percent signs, named parameters)."""

import pytest
from django.db import connection

from agora.core.db.sqlite3 import base

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
