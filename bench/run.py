"""`make bench`: load-tests the main pages against a bare Django view measured in the same run.

1. builds a separate SQLite database in var/bench/ (migrate, cache table, static files,
   seed_demo; all idempotent, so a second run reuses it; BENCH_FRESH=1 starts over);
2. starts gunicorn exactly as scripts/serve does, on a free port, and waits for /healthz;
3. signs in the demo shopper `ana` through the log-in form (or mints a session if the form
   is not there) and sends her session cookie with every request;
4. per page: a 3 s warm-up, then `wrk -t2 -c8 -d15s --latency` (BENCH_DURATION=5 shortens it);
5. counts each page's SQL queries in-process with CaptureQueriesContext;
6. prints a markdown table with ratios against /bench/bare and writes var/bench/latest.md.
gunicorn is always stopped at the end.
"""

from __future__ import annotations

import http.cookiejar
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import loadgen  # noqa: E402
import sqlcount  # noqa: E402

VAR = ROOT / "var" / "bench"
DB = VAR / "bench.sqlite3"
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
USER, PASSWORD = "ana", "agora-demo-2026"
WARMUP_SECONDS = 3
BARE = "/bench/bare"


def duration() -> int:
    raw = os.environ.get("BENCH_DURATION", "15").strip().lower().removesuffix("s")
    try:
        return max(1, int(raw))
    except ValueError:
        raise SystemExit(f"BENCH_DURATION must be a number of seconds, not {raw!r}") from None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="agora.settings",
        DATABASE_URL=f"sqlite:///{DB}",
        AGORA_DATA_DIR=str(VAR),
        MEDIA_ROOT=str(VAR / "media"),
        AGORA_RATE_LIMITS="off",
        AGORA_BASE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    print(f"  manage.py {' '.join(args)}", flush=True)
    done = subprocess.run([str(PY), "manage.py", *args], cwd=ROOT, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {done.returncode})")
    print(f"    done in {time.monotonic() - started:.1f} s", flush=True)


def prepare_database(env: dict[str, str]) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BENCH_FRESH") and DB.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    manage(env, "seed_demo")


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    workers = env.get("WEB_CONCURRENCY", "3")
    command = [str(GUNICORN), "agora.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", workers, "--access-logfile", "-", "--log-level", "warning"]  # fmt: skip
    print(f"  {' '.join(command[1:])}  (log: {log.relative_to(ROOT)})", flush=True)
    with log.open("w") as out:
        # Its own process group, so stopping it also stops the workers it forked.
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def wait_healthy(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{base}/healthz did not answer within {timeout:.0f} s")


def sign_in(base: str) -> tuple[str, str]:
    """Signs in through the log-in form; returns (how, session key). Falls back to minting
    a session in the store when the form is missing or refuses."""
    cookie_name = sqlcount.session_cookie_name()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        with opener.open(f"{base}/login", timeout=10) as response:
            page = response.read().decode("utf-8", "replace")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token:
            body = urllib.parse.urlencode(
                {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
            ).encode()
            request = urllib.request.Request(
                f"{base}/login", data=body, headers={"Referer": f"{base}/login"}
            )
            opener.open(request, timeout=10).close()
    except (urllib.error.URLError, OSError):
        pass
    for cookie in jar:
        if cookie.name == cookie_name and cookie.value:
            return "log-in form", cookie.value
    return "minted session (log-in form unavailable)", sqlcount.session_key_for(USER)


def probe(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "n/a"


def render(rows: list[dict], *, meta: list[str]) -> str:
    bare = next(r for r in rows if r["path"] == BARE)
    head = [
        (
            "| page | req/s | p50 ms | p95 ms | errors | SQL queries | ratio p50 vs bare "
            "| ratio req/s vs bare |"
        ),
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    lines = []
    for r in rows:
        load = r["load"]
        errors = "0" if not load.errors else f"{load.non_2xx} non-2xx, {load.socket_errors} socket"
        if r["status"] >= 400:
            errors = f"HTTP {r['status']} ({errors})"
        lines.append(
            f"| `{r['path']}` | {load.rps:,.0f} | {load.p50_ms:.1f} | {load.p95_ms:.1f} "
            f"| {errors} | {r['queries']} | {ratio(load.p50_ms, bare['load'].p50_ms)} "
            f"| {ratio(load.rps, bare['load'].rps)} |"
        )
    return "\n".join(["# Agora benchmark", "", *meta, "", *head, *lines, ""])


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def main() -> int:
    loadgen.wrk_path()  # fail before the slow setup when wrk is missing
    seconds = duration()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment(port)
    print(f"Preparing the bench database {DB.relative_to(ROOT)}", flush=True)
    prepare_database(env)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL",
                       "AGORA_DATA_DIR", "MEDIA_ROOT", "AGORA_RATE_LIMITS", "AGORA_BASE_URL",
                       "PORT")})  # fmt: skip
    sqlcount.setup_django()
    targets = [BARE, "/healthz", "/", "/@atelier_nord", sqlcount.product_path("atelier_nord"),
               "/api/v1/products?limit=20"]  # fmt: skip
    queries = sqlcount.count_queries(targets, username=USER)
    script = loadgen.write_script(VAR)
    log = VAR / "gunicorn.log"
    print("Starting gunicorn", flush=True)
    server = start_server(env, port, log)
    rows = []
    try:
        wait_healthy(base, server, log)
        how, session = sign_in(base)
        print(f"Signed in as {USER} by {how}", flush=True)
        headers = {"Cookie": f"{sqlcount.session_cookie_name()}={session}"}
        for path in targets:
            url = base + path
            status = probe(url, headers)
            print(
                f"  {path}  HTTP {status}: warm-up {WARMUP_SECONDS} s, run {seconds} s", flush=True
            )
            loadgen.run_wrk(url, seconds=WARMUP_SECONDS, script=script, headers=headers)
            load = loadgen.run_wrk(url, seconds=seconds, script=script, headers=headers)
            rows.append(
                {"path": path, "status": status, "load": load, "queries": queries[path].queries}
            )
    finally:
        stop_server(server)
        print("gunicorn stopped", flush=True)
    meta = [
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite bench database."
        ),
        (
            f"gunicorn --workers {env.get('WEB_CONCURRENCY', '3')}; wrk -t{loadgen.THREADS} "
            f"-c{loadgen.CONNECTIONS} -d{seconds}s after a {WARMUP_SECONDS} s warm-up; "
            f"signed in as @{USER} ({how}). SQL queries: one request after a warm-up one."
        ),
    ]
    table = render(rows, meta=meta)
    (VAR / "latest.md").write_text(table)
    print()
    print(table)
    print(f"Written to {(VAR / 'latest.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
