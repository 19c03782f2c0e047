"""Helpers for the tests of pages kept whole (`page_key`, core.templatetags.frozen): which
templates a response rendered, and its HTML with what differs on every request blanked."""

import re


def rendered(response) -> list[str]:
    """The templates the response rendered (a kept page renders only its holes' templates)."""
    return [t.name for t in response.templates]


def normal(html: str) -> str:
    """The page with what differs on every request (nonce, CSRF token) blanked."""
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "csrf", html).rstrip()
