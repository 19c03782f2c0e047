"""Post and comment text: hashtags, mentions and links parsed and rendered safely.

Rendering escapes everything and only then adds our own anchors, so no HTML from a user ever
reaches a page; links get rel="nofollow ugc noopener" and only http(s) schemes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape

TAG_RE = r"(?<![\w&/])#(?P<tag>\w{1,100})"
MENTION_RE = r"(?<![\w@/])@(?P<mention>[A-Za-z0-9_]{2,30})\b"
URL_RE = r"(?P<url>https?://[^\s<>\"']{2,2000})"
TOKENS = re.compile(f"{URL_RE}|{TAG_RE}|{MENTION_RE}", re.UNICODE)


def normalize_tag(tag: str) -> str:
    return unicodedata.normalize("NFKC", tag).casefold()


def parse(text: str) -> tuple[list[str], list[str]]:
    """(hashtags, mentions) in order of appearance, de-duplicated; tags normalised."""
    tags: dict[str, None] = {}
    mentions: dict[str, None] = {}
    for match in TOKENS.finditer(text or ""):
        if match.group("tag") and not match.group("tag").isdigit():
            tags[normalize_tag(match.group("tag"))] = None
        elif match.group("mention"):
            mentions[match.group("mention").lower()] = None
    return list(tags), list(mentions)


@lru_cache(maxsize=4096)
def _tag_href(tag: str) -> str:
    return reverse("social_web:tag", args=[tag])


@lru_cache(maxsize=4096)
def _handle_href(handle: str) -> str:
    return reverse("shops:handle", args=[handle])


def render(text: str, *, known_mentions: set[str] | None = None) -> str:
    """Escaped HTML with links, #tags and @mentions as anchors; newlines become <br>."""
    out: list[str] = []
    last = 0
    for match in TOKENS.finditer(text or ""):
        out.append(escape(text[last : match.start()]))
        if url := match.group("url"):
            trail = ""
            while url and url[-1] in ".,;:!?)":
                trail, url = url[-1] + trail, url[:-1]
            out.append(
                f'<a href="{escape(url)}" rel="nofollow ugc noopener" target="_blank">'
                f"{escape(url)}</a>{escape(trail)}"
            )
        elif tag := match.group("tag"):
            if tag.isdigit():
                out.append(escape(match.group(0)))
            else:
                href = _tag_href(normalize_tag(tag))
                out.append(f'<a href="{escape(href)}" class="hashtag">#{escape(tag)}</a>')
        else:
            handle = match.group("mention")
            if known_mentions is None or handle.lower() in known_mentions:
                href = _handle_href(handle)
                out.append(f'<a href="{escape(href)}" class="mention">@{escape(handle)}</a>')
            else:
                out.append(escape(match.group(0)))
        last = match.end()
    out.append(escape((text or "")[last:]))
    return "".join(out).replace("\r\n", "\n").replace("\n", "<br>")
