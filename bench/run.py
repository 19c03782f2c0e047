"""`make bench`: load-tests the pages against a bare Django view measured in the same run.

1. builds a separate SQLite database in var/bench/ (bench.sqlite3; bench-scale.sqlite3 with
   BENCH_SCALE=1): migrate, cache table, static files, seed_demo; all idempotent, so a
   second run reuses it; BENCH_FRESH=1 starts over;
2. adds the bench fixtures (fixtures.py: 10,000 people following @bench_shop, a product with
   50 community photo posts, like targets, API tokens) and, with BENCH_SCALE=1, the scale
   data (seed_scale.py: 10,000 people, 100,000 posts, follows, timelines);
3. times one feed fan-out to 10,000 followers in-process (fanout.py);
4. counts each page's SQL queries in-process with CaptureQueriesContext;
5. starts gunicorn exactly as scripts/serve does, on a free port, and waits for /healthz;
6. signs in the demo shopper `ana` through the log-in form (or mints a session if the form
   is not there); pages get her session cookie, the API her bearer token;
7. per page: a 3 s warm-up, then `wrk -t2 -c8 -d15s --latency` (BENCH_DURATION=5 shortens it);
   then the likes ingest (likes.py: 500 people liking 100 posts, each request a new like),
   checked afterwards (like_count equals the Like rows);
   the seller analytics page of @bench_insights (insights.py: 1,000,000 events over 90 days,
   bulk-inserted, folded by `manage.py insights_rollup`) is loaded signed in as its owner;
8. times the trending refresh of a fixed batch of new events with 1×, 10× and 100× history,
   in its own database, var/bench/trending.sqlite3, rebuilt each run (trending.py);
9. prints a markdown report (report.py) with ratios against /bench/bare and writes
   var/bench/latest.md.
gunicorn is always stopped at the end.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import catalog  # noqa: E402
import checkout  # noqa: E402
import fanout  # noqa: E402
import fixtures  # noqa: E402
import insights as insights_bench  # noqa: E402
import likes  # noqa: E402
import loadgen  # noqa: E402
import report  # noqa: E402
import seed_scale  # noqa: E402
import sqlcount  # noqa: E402
import trending  # noqa: E402
from server import (  # noqa: E402
    DB,
    PY,
    SCALE,
    USER,
    VAR,
    environment,
    free_port,
    git_commit,
    manage,
    prepare_database,
    probe,
    sign_in,
    start_server,
    stop_server,
    wait_healthy,
)

WARMUP_SECONDS = 3
BARE = report.BARE


def duration() -> int:
    raw = os.environ.get("BENCH_DURATION", "15").strip().lower().removesuffix("s")
    try:
        return max(1, int(raw))
    except ValueError:
        raise SystemExit(f"BENCH_DURATION must be a number of seconds, not {raw!r}") from None


def route_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?", maxsplit=1)[0])
    except Resolver404:
        return False
    return True


def build_targets(
    fx: fixtures.Fixtures, *, scale: bool, analytics: insights_bench.Prepared
) -> list[report.Row]:
    """The pages to load, as report rows (load filled in later). Pages that don't exist yet
    (the social pages are being built) are skipped, so the harness runs at every commit."""
    from agora.social.models import Post, PostProduct

    data = " (scale data)" if scale else ""
    rows = [
        report.Row(BARE, "", 0, None, 0),
        report.Row("/healthz", "", 0, None, 0),
        report.Row("/", "", 0, None, 0),
        report.Row("/@atelier_nord", "", 0, None, 0),
        report.Row(sqlcount.product_path("atelier_nord"), "demo product", 0, None, 0),
        report.Row("/api/v1/products?limit=20", "", 0, None, 0),
    ]
    feed = f"@{USER}'s feed, 20 items{data}"
    if route_exists("/feed"):
        rows.append(report.Row("/feed", feed, 0, None, 0, goal=True))
    rows.append(report.Row("/api/v1/feed?limit=20", feed, 0, None, 0, goal=True))
    tagged = PostProduct.objects.filter(product_id=fx.product_id).count()
    community = f"{tagged:,} community posts, {fx.community_posts} with photos{data}"
    page = f"{community}; {fx.reviews} reviews, 10 answered questions, 3 threads"
    rows.append(report.Row(fx.product_path, page, 0, None, 0, goal=True))
    api_community = f"/api/v1/products/{fx.product_id}/community?limit=20"
    if route_exists(api_community):
        rows.append(report.Row(api_community, community, 0, None, 0))
    busiest = Post.objects.filter(author__user__username__in=["ana", "yusuf", "chloe"])
    post = busiest.order_by("-comment_count", "-like_count").first()
    if post is not None and route_exists(post.get_absolute_url()):
        rows.append(report.Row(post.get_absolute_url(), "demo post with comments", 0, None, 0))
    if route_exists("/tags/coffee"):
        rows.append(report.Row("/tags/coffee", "tag page", 0, None, 0))
    if route_exists("/notifications"):
        rows.append(report.Row("/notifications", f"@{USER}'s, grouped", 0, None, 0))
    if route_exists("/search"):
        rows.append(report.Row("/search", "search, no words: popular products", 0, None, 0))
        rows.append(report.Row("/search?q=coffee", "search, best matches", 0, None, 0))
    if route_exists(analytics.path):
        label = f"{analytics.events:,} events over {insights_bench.DAYS} days, as its owner"
        rows.append(report.Row(analytics.path, label, 0, None, 0, goal=True))
    if route_exists("/c"):  # browse: the 10,000-product shop and category, anonymous
        for path, label in catalog.browse_paths():
            rows.append(report.Row(path, label, 0, None, 0, anonymous=True))
    rows.append(report.Row(BARE, "again, last", 0, None, 0))
    return rows


def load_pages(rows, *, base: str, seconds: int, script: Path, headers_for) -> None:
    for row in rows:
        url, headers = base + row.path, headers_for(row.path)
        row.status = probe(url, headers)
        print(f"  {row.path}  HTTP {row.status}: warm-up {WARMUP_SECONDS} s, run {seconds} s")
        loadgen.run_wrk(url, seconds=WARMUP_SECONDS, script=script, headers=headers)
        row.load = loadgen.run_wrk(url, seconds=seconds, script=script, headers=headers)
        print(f"    {row.load.rps:,.0f} req/s, p50 {row.load.p50_ms:.1f} ms", flush=True)


def load_likes(fx: fixtures.Fixtures, *, base: str, seconds: int):
    script = likes.write_script(VAR, tokens=fx.liker_tokens, posts=fx.like_targets)
    url = f"{base}/api/v1/posts/{fx.like_targets[0]}/like"
    print(f"  likes: {len(fx.liker_tokens)} people × {len(fx.like_targets)} posts, run {seconds} s")
    warm = loadgen.run_wrk(url, seconds=WARMUP_SECONDS, script=script, script_args=["0"])
    # Past every pair the warm-up could have used (threads interleave, some were in flight).
    offset = (warm.requests + loadgen.CONNECTIONS) * loadgen.THREADS + 16
    load = loadgen.run_wrk(url, seconds=seconds, script=script, script_args=[str(offset)])
    print(f"    {load.rps:,.0f} likes/s, p50 {load.p50_ms:.1f} ms", flush=True)
    return warm, load


def prepare_data(*, scale: bool):
    """Bench fixtures, the scale data when asked, and the fan-out timing (in-process)."""
    print("Bench fixtures (people, @bench_shop, community posts, like targets, tokens)")
    fx = fixtures.prepare(viewer=USER)
    print(f"  ready in {fx.seconds:.1f} s; {'; '.join(fx.notes)}", flush=True)
    print(f"Browse catalogue (@{catalog.SHOP}, {catalog.PRODUCTS:,} products)", flush=True)
    made = catalog.ensure_catalog()
    print(f"  {made['products']:,} products made in {made['seconds']:.1f} s", flush=True)
    scale_times = None
    if scale:
        print("Scale seeding (BENCH_SCALE=1)", flush=True)
        scale_times = seed_scale.seed()
        print(f"  done in {scale_times['total']:.1f} s", flush=True)
    print(
        f"Seller analytics (@{insights_bench.SHOP}, {insights_bench.EVENTS:,} events)", flush=True
    )
    analytics = insights_bench.prepare(root=ROOT, env=dict(os.environ))
    fx.notes.append(insights_bench.notes(analytics))
    print(f"  {fx.notes[-1]}", flush=True)
    print("Fan-out: one post by @bench_shop", flush=True)
    fan = fanout.time_fanout(shop_handle=fixtures.SHOP)
    print(f"  {fan.rows:,} rows in {fan.seconds * 1000:,.0f} ms", flush=True)
    return fx, scale_times, fan, analytics


def prepare_checkouts() -> checkout.Prepared:
    print(f"Checkout: {checkout.BUYERS} buyers with 5-line carts", flush=True)
    buyers = checkout.prepare()
    print(f"  {buyers.queries} queries per checkout (HTTP {buyers.status})", flush=True)
    return buyers


def drive_checkouts(base: str, buyers: checkout.Prepared, *, database: str) -> checkout.Load:
    load = checkout.drive(base, buyers.tokens, database=database)
    load.queries = buyers.queries
    print(f"  checkout on {database}: {load.rate:,.1f} orders/s {load.statuses}", flush=True)
    return load


def checkout_postgres(url: str) -> list[checkout.Load]:
    """The checkout bench on PostgreSQL (BENCH_DATABASE_URL): migrate, prepare the buyers in
    a process set up for that database, serve it with gunicorn, drive the checkouts."""
    import json

    if not url:
        return []
    port = free_port()
    env = environment(port) | {"DATABASE_URL": url}
    print("Checkout on PostgreSQL (BENCH_DATABASE_URL)", flush=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "createcachetable")
    done = subprocess.run(
        [str(PY), "bench/checkout.py"], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"  preparing failed:\n{done.stderr[-2000:]}", flush=True)
        return []
    prepared = checkout.Prepared(**json.loads(done.stdout.strip().splitlines()[-1]))
    log = VAR / "gunicorn-postgres.log"
    server = start_server(env, port, log)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server, log)
        return [drive_checkouts(f"http://127.0.0.1:{port}", prepared, database="PostgreSQL")]
    finally:
        stop_server(server)


def trending_refresh_cost() -> dict | None:
    """The trending bench (trending.py) in a process of its own, on a fresh SQLite file."""
    import json

    db = VAR / "trending.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = environment(free_port()) | {"DATABASE_URL": f"sqlite:///{db}"}
    print("Trending refresh: 1×, 10× and 100× history (trending.py)", flush=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    started = time.monotonic()
    done = subprocess.run(
        [str(PY), "bench/trending.py"], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"  failed:\n{done.stderr[-2000:]}", flush=True)
        return None
    print(f"    done in {time.monotonic() - started:.1f} s", flush=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def count_row_queries(
    rows: list[report.Row], bearer: dict[str, str], owned: dict[str, str] | None = None
) -> None:
    """Each row's SQL queries: one request after a warm-up one, signed in or anonymous;
    `owned` maps pages to the person they are measured as (a seller's own dashboard)."""
    owned = owned or {}
    api_headers = {r.path: bearer for r in rows if r.path.startswith("/api/")}
    queries = sqlcount.count_queries(
        list(dict.fromkeys(r.path for r in rows if not r.anonymous and r.path not in owned)),
        username=USER,
        headers=api_headers,
    )
    queries |= sqlcount.count_queries([r.path for r in rows if r.anonymous], username=None)
    for path, username in owned.items():
        queries |= sqlcount.count_queries([path], username=username)
    for row in rows:
        row.queries = queries[row.path].queries


def page_headers(rows, owned: dict[str, str], *, cookie: dict, bearer: dict):
    """What each page is loaded with: nothing (anonymous), its owner's session (a seller's
    own dashboard, `owned`), the bearer token (API) or ana's session cookie."""
    anonymous = {r.path for r in rows if r.anonymous}
    name = sqlcount.session_cookie_name()
    owners = {
        path: {"Cookie": f"{name}={sqlcount.session_key_for(who)}"} for path, who in owned.items()
    }

    def headers_for(path: str) -> dict[str, str]:
        if path in anonymous:
            return {}
        if path in owners:
            return owners[path]
        return bearer if path.startswith("/api/") else cookie

    return headers_for


def main() -> int:
    loadgen.wrk_path()  # fail before the slow setup when wrk is missing
    seconds = duration()
    scale = SCALE
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(port)
    print(f"Preparing the bench database {DB.relative_to(ROOT)}", flush=True)
    prepare_database(env)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL",
                       "AGORA_DATA_DIR", "MEDIA_ROOT", "AGORA_RATE_LIMITS", "AGORA_BASE_URL",
                       "PORT")})  # fmt: skip
    sqlcount.setup_django()
    fx, scale_times, fan, analytics = prepare_data(scale=scale)
    rows = build_targets(fx, scale=scale, analytics=analytics)
    bearer = {"Authorization": f"Bearer {fx.viewer_token}"}
    owned = {analytics.path: insights_bench.OWNER}
    count_row_queries(rows, bearer, owned)
    like_queries = likes.count_like_queries(post_id=fx.like_targets[0], token=fx.spare_token)
    likes.reset(fx.like_targets)
    buyers = prepare_checkouts()
    trending_cost = trending_refresh_cost()
    script = loadgen.write_script(VAR)
    log = VAR / "gunicorn.log"
    load_before = os.getloadavg()[0]
    print("Starting gunicorn", flush=True)
    server = start_server(env, port, log)
    try:
        wait_healthy(base, server, log)
        how, session = sign_in(base)
        print(f"Signed in as {USER} by {how}", flush=True)
        cookie = {"Cookie": f"{sqlcount.session_cookie_name()}={session}"}
        headers_for = page_headers(rows, owned, cookie=cookie, bearer=bearer)

        load_pages(rows, base=base, seconds=seconds, script=script, headers_for=headers_for)
        warm, like_load = load_likes(fx, base=base, seconds=seconds)
        checkouts = [drive_checkouts(base, buyers, database="SQLite")]
    finally:
        stop_server(server)
        print("gunicorn stopped", flush=True)
    checkouts += checkout_postgres(os.environ.get("BENCH_DATABASE_URL", ""))
    check = likes.verify(fx.like_targets, people=len(fx.liker_tokens))
    like_lines = report.likes_lines(
        like_load, check, people=len(fx.liker_tokens),
        warmup_requests=warm.requests - warm.non_2xx, queries=like_queries,
    )  # fmt: skip
    meta = [
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite bench database"
            f"{', scale data (BENCH_SCALE=1)' if scale else ''}."
        ),
        (
            f"gunicorn --workers {env.get('WEB_CONCURRENCY', '3')}; wrk -t{loadgen.THREADS} "
            f"-c{loadgen.CONNECTIONS} -d{seconds}s after a {WARMUP_SECONDS} s warm-up; "
            f"signed in as @{USER} ({how}; the API with a bearer token). "
            "SQL queries: one request after a warm-up one."
        ),
        (
            f"Load average (1 min) {load_before:.2f} before the pages, {os.getloadavg()[0]:.2f} "
            "after: anything else running on the machine shows in the numbers."
        ),
    ]
    table = report.render(
        rows, meta=meta, fan=fan, likes=like_lines, scale=report.scale_lines(scale_times),
        notes=fx.notes,
    )  # fmt: skip
    table += "\n".join(["", "## Checkout", "", *checkout.report_lines(checkouts), ""])
    table += "\n".join(["", "## Trending refresh", "", *trending.report_lines(trending_cost), ""])
    (VAR / "latest.md").write_text(table)
    print()
    print(table)
    print(f"Written to {(VAR / 'latest.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
