"""Likes ingest: many different people liking posts through the API under wrk.

A generated Lua script gives each request the next (person, post) pair: request i of a wrk
thread is pair `offset + i * threads + thread`, person = pair % people, post = pair // people,
so no pair repeats until people × posts requests (500 × 100 = 50,000) and every request is a
new like (the expensive path: insert, counter, event; the notification is written later by a
background task). The warm-up and the
measured run use different offsets. Before the run the targets' likes are cleared; after it,
every target's like_count must equal its Like rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import loadgen

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

LIKE_LUA = """
local tokens = {%(tokens)s}
local posts = {%(posts)s}
local threads = %(threads)d
local next_id = 0
local id, counter, offset = 0, 0, 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

function init(args)
  id = tid or 0
  offset = tonumber(args[1] or "0")
end

function request()
  local pair = offset + counter * threads + id
  counter = counter + 1
  local person = pair %% #tokens
  local post = math.floor(pair / #tokens) %% #posts
  return wrk.format("POST", "/api/v1/posts/" .. posts[post + 1] .. "/like",
    {["Authorization"] = "Bearer " .. tokens[person + 1], ["Content-Length"] = "0"})
end
"""


@dataclass
class LikesCheck:
    like_rows: int
    posts_checked: int
    mismatched_posts: int
    pairs: int


def write_script(directory: Path, *, tokens: list[str], posts: list[int]) -> Path:
    script = directory / "likes.lua"
    body = LIKE_LUA % {
        "tokens": ", ".join(f'"{t}"' for t in tokens),
        "posts": ", ".join(str(p) for p in posts),
        "threads": loadgen.THREADS,
    }
    script.write_text(body + loadgen.REPORT_LUA)
    return script


def reset(posts: list[int]) -> None:
    """Clears the targets' likes (and their notifications) so every run starts from zero."""
    from agora.social.models import Like, Notification, Post
    from agora.social.services.notification_counts import unread_recipients, unread_recount

    owners = unread_recipients(post_ids=posts)
    Like.objects.filter(post_id__in=posts).delete()
    Notification.objects.filter(post_id__in=posts, kind=Notification.Kind.LIKE).delete()
    Post.objects.filter(pk__in=posts).update(like_count=0)
    unread_recount(user_ids=owners)  # the stored unread counts of the posts' owners


def verify(posts: list[int], *, people: int) -> LikesCheck:
    from django.db.models import Count, F

    from agora.social.models import Like, Post

    counted = Post.objects.filter(pk__in=posts).annotate(rows=Count("likes"))
    return LikesCheck(
        like_rows=Like.objects.filter(post_id__in=posts).count(),
        posts_checked=counted.count(),
        mismatched_posts=counted.exclude(like_count=F("rows")).count(),
        pairs=people * len(posts),
    )


def count_like_queries(*, post_id: int, token: str) -> tuple[int, int, int]:
    """(HTTP status, SQL statements, of which data statements: not BEGIN/COMMIT) of one new
    like through the API, in-process, in the steady state: a like and unlike first, so the
    token is cached and its first use written, as for every later request of a liker."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    path = f"/api/v1/posts/{post_id}/like"
    headers = {"Authorization": f"Bearer {token}"}
    client.post(path, headers=headers)
    client.delete(path, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, headers=headers)
    # Read now: the next request clears the query log it reads.
    statements = [q["sql"] for q in captured.captured_queries]
    data = [sql for sql in statements if not sql.upper().startswith(TRANSACTION_CONTROL)]
    client.delete(path, headers=headers)
    return response.status_code, len(statements), len(data)
