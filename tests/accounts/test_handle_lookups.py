"""Handle lookups (the profile and shop pages, follows, mentions, moderation) find handles in
any case through the unique LOWER() indexes: the plans of the queries they run, on SQLite and
on PostgreSQL, read an index and never scan the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.accounts.selectors import handle_kind, handle_named, handles_named, person_by_handle
from agora.shops.selectors import shop_by_handle
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _plan(sql: str) -> str:
    """The query plan of an executed statement, as one lower-case text."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall()).lower()
        # A handful of test rows: make the planner show whether an index *can* serve the
        # query (a table scan then costs more than any index read).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall()).lower()


def _uses_index(plan: str, table: str, index: str) -> bool:
    if connection.vendor == "sqlite":
        return f"search {table} using index {index}" in plan
    return f"index scan using {index} on {table}" in plan or (
        f"bitmap index scan on {index}" in plan
    )


def _scans(plan: str, table: str) -> bool:
    if connection.vendor == "sqlite":
        return f"scan {table}" in plan
    return f"seq scan on {table}" in plan


@pytest.fixture
def people():
    UserFactory(username="Ana")
    ShopFactory(handle="Atelier")
    for _ in range(5):
        UserFactory()


def test_handles_are_found_in_any_case(people):
    assert handle_named("ANA").name == "Ana"
    assert handle_kind("atelier") == "shop"
    assert person_by_handle("aNa").username == "Ana"
    assert shop_by_handle("@ATELIER").handle == "Atelier"
    assert {h.name for h in handles_named(["ana", "ATELIER", "nobody"])} == {"Ana", "Atelier"}
    assert handle_named("nobody") is None


def test_the_profile_page_finds_the_person_by_the_unique_indexes(client, people):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/@ANA").status_code == 200

    # The page tries the name as a shop first (no such shop), then as a person.
    lookups = [q["sql"] for q in ctx.captured_queries if "LOWER(" in q["sql"].upper()]
    shop = next(sql for sql in lookups if 'FROM "shops_shop"' in sql)
    person = next(sql for sql in lookups if 'FROM "accounts_user"' in sql)
    plan = _plan(shop)
    assert _uses_index(plan, "shops_shop", "shop_handle_lower"), plan
    assert not _scans(plan, "shops_shop"), plan
    plan = _plan(person)
    assert _uses_index(plan, "accounts_user", "user_username_unique_ci"), plan
    assert not _scans(plan, "accounts_user"), plan


def test_the_shop_page_finds_the_shop_by_its_lower_handle_index(client, people):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/@atelier").status_code == 200

    shop = next(
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "shops_shop"' in q["sql"] and "LOWER(" in q["sql"].upper()
    )
    plan = _plan(shop)
    assert _uses_index(plan, "shops_shop", "shop_handle_lower"), plan
    assert not _scans(plan, "shops_shop"), plan


def test_mentions_and_follows_look_handles_up_by_the_index(people):
    with CaptureQueriesContext(connection) as ctx:
        list(handles_named(["ana", "atelier"]))
    plan = _plan(ctx.captured_queries[-1]["sql"])
    assert _uses_index(plan, "accounts_handle", "handle_name_unique_ci"), plan
