"""The markdown report of `make bench`: the page table with ratios to the bare view, the
goals, fan-out, likes ingest and scale seeding. Printed and written to var/bench/latest.md."""

from __future__ import annotations

from dataclasses import dataclass

BARE = "/bench/bare"
GOAL = 2.5  # the social pages may cost at most 2.5× the bare view (p50, and req/s)
BROWSE_GOAL = 3.0  # the 10,000-product listings, anonymous (p50)
BROWSE_QUERIES = 10


@dataclass
class Row:
    path: str
    label: str
    status: int
    load: object  # loadgen.LoadResult
    queries: int
    goal: bool = False  # one of the pages the 2.5× goal applies to
    anonymous: bool = False  # loaded without the session cookie or token


@dataclass
class Baseline:
    """The bare view, measured first and again last: the mean of both runs is the base, so
    a machine that gets busier (or quieter) during the run skews the ratios less."""

    p50_ms: float
    rps: float


def baseline(rows: list[Row]) -> Baseline:
    bare = [r.load for r in rows if r.path == BARE]
    return Baseline(
        p50_ms=sum(b.p50_ms for b in bare) / len(bare), rps=sum(b.rps for b in bare) / len(bare)
    )


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "n/a"


def _errors(row: Row) -> str:
    load = row.load
    errors = "0" if not load.errors else f"{load.non_2xx} non-2xx, {load.socket_errors} socket"
    return f"HTTP {row.status} ({errors})" if row.status >= 400 else errors


def page_table(rows: list[Row]) -> list[str]:
    bare = baseline(rows)
    lines = [
        "| page | req/s | p50 ms | p95 ms | errors | SQL queries | p50 vs bare | req/s vs bare |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        name = f"`{r.path}`" + (f" ({r.label})" if r.label else "")
        lines.append(
            f"| {name} | {r.load.rps:,.0f} | {r.load.p50_ms:.1f} | {r.load.p95_ms:.1f} "
            f"| {_errors(r)} | {r.queries} | {ratio(r.load.p50_ms, bare.p50_ms)} "
            f"| {ratio(r.load.rps, bare.rps)} |"
        )
    return lines


def goals(rows: list[Row]) -> list[str]:
    """Per goal page: p50 ÷ bare p50 and bare req/s ÷ page req/s, both to be ≤ GOAL."""
    bare = baseline(rows)
    lines = [f"Goal: feed and product pages within {GOAL}× of `{BARE}` (p50 and req/s).", ""]
    for r in (r for r in rows if r.goal):
        slower = r.load.p50_ms / bare.p50_ms if bare.p50_ms else 0
        fewer = bare.rps / r.load.rps if r.load.rps else float("inf")
        verdict = "met" if max(slower, fewer) <= GOAL and not r.load.errors else "MISSED"
        lines.append(
            f"- `{r.path}`: p50 {slower:.2f}× bare, throughput 1/{fewer:.2f} of bare: **{verdict}**"
        )
    browse = [
        r
        for r in rows
        if r.anonymous and not r.path.startswith("/api/") and "/products/" not in r.path
    ]
    if browse:
        lines += [
            "",
            (
                f"Goal: browse listings (anonymous) p50 within {BROWSE_GOAL}× of `{BARE}`, "
                f"at most {BROWSE_QUERIES} SQL queries."
            ),
            "",
        ]
    for r in browse:
        slower = r.load.p50_ms / bare.p50_ms if bare.p50_ms else 0
        met = slower <= BROWSE_GOAL and r.queries <= BROWSE_QUERIES and not r.load.errors
        lines.append(
            f"- {r.label}: p50 {slower:.2f}× bare, {r.queries} queries: "
            f"**{'met' if met else 'MISSED'}**"
        )
    return lines


def fanout_lines(fan) -> list[str]:
    return [
        (
            f"- one post by a shop with {fan.followers:,} followers: `timeline.fanout()` took "
            f"**{fan.seconds * 1000:,.0f} ms** for {fan.rows:,} timeline rows "
            f"(**{fan.rows_per_second:,.0f} rows/s**, chunks of 1,000 with the 400-row cap trim)"
        ),
        (
            f"- re-run of the same fan-out (idempotent retry): {fan.rerun_seconds * 1000:,.0f} ms, "
            f"{fan.rerun_rows} new rows"
        ),
    ]


def likes_lines(load, check, *, people: int, warmup_requests: int, queries) -> list[str]:
    ok = load.requests - load.non_2xx
    consistent = "yes" if check.mismatched_posts == 0 else f"NO ({check.mismatched_posts} posts)"
    return [
        (
            f"- `POST /api/v1/posts/{{id}}/like` by {people} people with their own tokens over "
            f"{check.posts_checked} posts, every request a new (person, post) pair"
        ),
        (
            f"- **{load.rps:,.0f} likes/s**, p50 {load.p50_ms:.1f} ms, p95 {load.p95_ms:.1f} ms, "
            f"errors: {load.non_2xx} non-2xx, {load.socket_errors} socket"
        ),
        (
            f"- SQL queries per like: {queries[1]}, of which {queries[2]} read or write data "
            f"and the others are the transaction's BEGIN and COMMIT (HTTP {queries[0]}, "
            f"measured in-process, token cached)"
        ),
        (
            f"- afterwards: {check.like_rows:,} Like rows for {warmup_requests + ok:,} successful "
            f"requests (warm-up included; requests still in flight when wrk stops may add a few "
            f"rows); like_count equals the Like rows on every post: **{consistent}**"
        ),
    ]


def scale_lines(times: dict[str, float] | None) -> list[str]:
    if not times:
        return ["- not run (BENCH_SCALE=1 seeds 10,000 people and 100,000 posts)"]
    phases = ", ".join(
        f"{k} {v:.1f} s" for k, v in times.items() if k not in {"rows", "total", "posts_made"}
    )
    rows = times.get("rows", 0)
    total = times.get("total", 0)
    if not rows:
        return [f"- already seeded (checked in {total:.1f} s); BENCH_FRESH=1 seeds it again"]
    rate = f", {rows / total:,.0f} rows/s" if total and rows else ""
    return [f"- {rows:,.0f} rows in **{total:.1f} s**{rate} ({phases})"]


def render(
    rows: list[Row], *, meta: list[str], fan, likes: list[str], scale: list[str], notes: list[str]
) -> str:
    base = baseline(rows)
    parts = ["# Agora benchmark", "", *meta, "", *page_table(rows)]
    note = f"Ratios are to the mean of the two `{BARE}` runs: p50 {base.p50_ms:.1f} ms, "
    note += f"{base.rps:,.0f} req/s."
    parts += ["", note, "", "## Goals", ""]
    parts += goals(rows)
    parts += ["", "## Feed fan-out (in-process)", "", *fanout_lines(fan)]
    parts += ["", "## Likes ingest (wrk)", "", *likes]
    parts += ["", "## Scale seeding", "", *scale]
    if notes:
        parts += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join([*parts, ""])
