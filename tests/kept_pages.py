"""Helpers for the tests of pages kept whole (`page_key`, core.templatetags.frozen): which
templates a response rendered, and its HTML with what differs on every request blanked."""

import re

import pytest


def rendered(response) -> list[str]:
    """The templates the response rendered (a kept page renders only its holes' templates)."""
    return [t.name for t in response.templates]


def normal(html: str) -> str:
    """The page with what differs on every request (nonce, CSRF token) blanked."""
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "csrf", html).rstrip()


def read_twice(client, path: str, template: str) -> str:
    """Reads a kept page twice: the first read renders `template`, the second only the live
    blocks (the kept text is used), and both say the same but for the nonce and CSRF token.
    The second read's HTML."""
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert template in rendered(first)
    assert template not in rendered(second)  # kept: the extends chain is not walked again
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert normal(second.content.decode()) == normal(first.content.decode())
    return second.content.decode()


def clears(memo):
    """An autouse fixture that empties a process-local memo (a `BoundedLRU`) around each test
    of the module that assigns it: `_fresh = clears(module._MEMO)`."""

    @pytest.fixture(autouse=True)
    def fresh():
        memo.clear()
        yield
        memo.clear()

    return fresh
