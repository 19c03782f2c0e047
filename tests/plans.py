"""Query plans for the tests that pin them: the queries a page runs that read one table, and
what is wrong with each one's plan. `EXPLAIN QUERY PLAN` on SQLite (a scan of the table or a
temporary B-tree for the order is wrong); `EXPLAIN` on PostgreSQL with sequential scans,
sorts and hash and merge joins priced out (a test's few rows make scanning everything
cheapest), so a plan without them must exist if the indexes can serve the query."""

from __future__ import annotations

import json
import re

from django.db import connection


def queries_reading(client, path: str, table: str) -> list[tuple[str, tuple]]:
    """The SQL and parameters of each query `GET path` runs that reads `table`."""
    reads = re.compile(rf'\bFROM "{table}"')
    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return [(sql, params) for sql, params in seen if reads.search(sql)]


def _sqlite_problems(sql: str, params: tuple, table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        lines = [row[-1] for row in cursor.fetchall()]
    return [line for line in lines if line.startswith((f"SCAN {table}", "USE TEMP B-TREE"))]


def _nodes(node: dict, *, limited: bool = False):
    """Each plan node, and whether a Limit above it stops its scan early."""
    limited = limited or node["Node Type"] == "Limit"
    yield node, limited
    for child in node.get("Plans", []):
        yield from _nodes(child, limited=limited)


def _postgres_problems(sql: str, params: tuple, table: str) -> list[str]:
    with connection.cursor() as cursor:
        for setting in ("seqscan", "sort", "hashjoin", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = []
    for node, limited in _nodes(plan[0]["Plan"]):
        kind = node["Node Type"]
        on_table = node.get("Relation Name") == table
        if kind == "Seq Scan" and on_table:
            found.append(f"Seq Scan on {table}")
        # An index walked in order under a Limit stops early (the keyset's own order); walked
        # whole, it is a full scan by another name.
        index_scan = kind in {"Index Scan", "Index Only Scan"}
        if index_scan and on_table and "Index Cond" not in node and not limited:
            found.append(f"the whole of {node['Index Name']} read")
        if kind in {"Sort", "Incremental Sort"}:
            found.append(f"{kind} by {node.get('Sort Key')}")
    return found


def plan_problems(sql: str, params: tuple, table: str) -> list[str]:
    """What is wrong with the query's plan for `table` on this database ([] when nothing)."""
    if connection.vendor == "postgresql":
        return _postgres_problems(sql, params, table)
    return _sqlite_problems(sql, params, table)
