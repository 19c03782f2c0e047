"""Race tests' one way to fire simultaneous API calls: real threads against a live server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests


def post_all(
    calls: list[tuple[str, str, dict | None]], *, workers: int = 10
) -> list[requests.Response]:
    """POSTs each (url, bearer token, JSON body or None) at once from `workers` threads and
    returns the responses in the calls' order. `Connection: close` ends the server's thread,
    and with it its database connection, as soon as it answers."""

    def post(call: tuple[str, str, dict | None]) -> requests.Response:
        url, token, body = call
        return requests.post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(post, calls))
