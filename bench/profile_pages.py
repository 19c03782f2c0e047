"""Profiles pages in-process against the bench database: where does a request's time go?

    .venv/bin/python bench/profile_pages.py /feed /api/v1/feed?limit=20 [--user ana] [--n 20]
    .venv/bin/python bench/profile_pages.py /@bench_catalog --anonymous   # nobody signed in
    .venv/bin/python bench/profile_pages.py --fanout      # one fan-out to @bench_shop's followers

Signs in as the user (session for pages, a fresh bearer token for /api/), or as nobody with
`--anonymous`, warms up, then runs each path n times under cProfile and prints the top
functions by cumulative and by own time,
plus the mean wall time per request, the SQL time share and the CPU time per request (min and
median of n, without the profiler: steadier than wall time on a busy machine). Run `make bench`
once first (BENCH_SCALE=1 profiles the scale database).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    name = "bench-scale.sqlite3" if os.environ.get("BENCH_SCALE") == "1" else "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{VAR / name}")
    os.environ.setdefault("AGORA_DATA_DIR", str(VAR))
    os.environ.setdefault("MEDIA_ROOT", str(VAR / "media"))
    os.environ.setdefault("AGORA_RATE_LIMITS", "off")
    import django

    django.setup()


def profile(path: str, *, username: str | None, n: int, top: int) -> str:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agora.accounts.services import token_create

    client = Client(raise_request_exception=False)
    headers = {}
    if username is not None:
        user = get_user_model().objects.get(username=username)
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {token_create(user=user, name='profile')[1]}"}
        else:
            client.force_login(user)
    status = client.get(path, headers=headers).status_code
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(path, headers=headers)
        wall = time.perf_counter() - started
    # Read now: the next request clears the query log the capture reads from.
    queries = len(captured)
    sql = sum(float(q["time"]) for q in captured.captured_queries)
    # Without the profiler: CPU time is what the page costs, whatever else the machine runs.
    cpu = []
    for _ in range(n):
        started_cpu = time.process_time()
        client.get(path, headers=headers)
        cpu.append(time.process_time() - started_cpu)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(n):
        client.get(path, headers=headers)
    profiler.disable()
    mean = (time.perf_counter() - started) / n
    out = io.StringIO()
    out.write(
        f"== {path}  HTTP {status}, {queries} queries, one request {wall * 1000:.1f} ms "
        f"of which SQL {sql * 1000:.1f} ms; CPU {min(cpu) * 1000:.1f} ms min, "
        f"{statistics.median(cpu) * 1000:.1f} ms median; under cProfile {mean * 1000:.1f} ms/request\n"
    )
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--fanout", action="store_true", help="profile one feed fan-out")
    parser.add_argument("--user", default="ana")
    parser.add_argument("--anonymous", action="store_true", help="sign in as nobody")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    setup()
    for path in args.paths:
        print(profile(path, username=None if args.anonymous else args.user, n=args.n, top=args.top))
    if args.fanout:
        sys.path.insert(0, str(ROOT / "bench"))
        import fanout
        import fixtures

        fanout.profile_fanout(shop_handle=fixtures.SHOP, out=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
