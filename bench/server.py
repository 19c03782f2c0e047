"""The bench's server side: its database under var/bench/, gunicorn started as scripts/serve
starts it, and the signed-in session the pages are loaded with (used by run.py)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import sqlcount

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
SCALE = os.environ.get("BENCH_SCALE", "").strip().lower() in {"1", "true", "yes"}
# The scale data lives in its own database, so a normal run never measures it by accident.
DB = VAR / ("bench-scale.sqlite3" if SCALE else "bench.sqlite3")
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
USER, PASSWORD = "ana", "agora-demo-2026"


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


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"
