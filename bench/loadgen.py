"""Drives Debian's `wrk` and reads its numbers: requests/s, p50/p95 latency and errors.

wrk's own `--latency` table stops at 50/75/90/99 %, so a tiny Lua `done()` hook prints the
exact p50 and p95 and the error counters on one machine-readable line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

THREADS, CONNECTIONS = 2, 8

REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

_REPORT = re.compile(r"^BENCH (.*)$", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)


@dataclass
class LoadResult:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    non_2xx: int  # wrk counts responses with a status of 400 or more
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(
            "wrk is not installed. `make bench` installs it (target system-deps); "
            "or run: sudo apt-get install wrk"
        )
    return path


def write_script(directory: Path) -> Path:
    script = directory / "report.lua"
    script.write_text(REPORT_LUA)
    return script


def run_wrk(
    url: str,
    *,
    seconds: int,
    script: Path,
    headers: dict[str, str] | None = None,
    script_args: list[str] | None = None,
) -> LoadResult:
    """Runs `wrk -t2 -c8 -d<seconds>s --latency` against url and parses its report.
    `script_args` reach the Lua script's init(args) (wrk's `-- args` after the URL)."""
    command = [
        wrk_path(),
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=seconds + 60
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed for {url}: {done.stderr.strip() or done.stdout.strip()}")
    match = _REPORT.search(done.stdout)
    if match is None:
        raise RuntimeError(f"could not read wrk's report for {url}:\n{done.stdout}")
    fields = dict(pair.split("=") for pair in match.group(1).split())
    numbers = {key: int(value) for key, value in fields.items()}
    rps_match = _RPS.search(done.stdout)
    duration = numbers["duration_us"] / 1e6
    rps = float(rps_match.group(1)) if rps_match else numbers["requests"] / max(duration, 1e-9)
    return LoadResult(
        requests=numbers["requests"],
        rps=rps,
        p50_ms=numbers["p50_us"] / 1000,
        p95_ms=numbers["p95_us"] / 1000,
        non_2xx=numbers["status"],
        socket_errors=numbers["connect"] + numbers["read"] + numbers["write"] + numbers["timeout"],
    )
