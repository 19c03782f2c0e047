"""Bench data at scale: 10,000 people, 100,000 posts, their follows and home timelines.

`make bench` always makes the people (`ensure_people`: the 10,000 followers of the fan-out
test and the likers of the likes test); BENCH_SCALE=1 adds the rest (`seed`). Everything is
written with bulk_create in batches, because going through the services one row at a time
would take hours; the rows are the ones the services would write (Handle + User, Post,
PostProduct, PostTag with Tag.post_count and ProductEngagement.post_count kept equal to the
rows, Follow, TimelineEntry with the feed's sort keys, Like with Post.like_count equal to the
rows). Each phase checks what is already there, so a second run adds nothing.

Run alone with `.venv/bin/python bench/seed_scale.py` (uses var/bench/bench-scale.sqlite3).
Never run it in tests or CI: it is benchmark-sized by design.
"""

from __future__ import annotations

import heapq
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator

PEOPLE = 10_000
POSTS = 100_000
FOLLOWS_PER_PERSON = 20
ANA_FOLLOWS = 50
ANA_LIKES = 2_000
TAGGED_SHARE = 0.3  # share of posts tagging products
BATCH = 5_000
PREFIX = "scale"
HASHTAGS = ["summer", "coffee", "nameonthelabel", "kidsfashion", "ootd", "haul", "linen"]
WORDS = "good morning new favourite linen coffee mug dress cosy light bright slow fresh market"
WORDS += " weekend studio kitchen garden walk roast gift"
WORD_LIST = WORDS.split()


def handle(n: int) -> str:
    return f"{PREFIX}{n:05d}"


class Progress:
    """A plain-text progress bar on one line: `\\r  label [####......]  42%  4,200/10,000`."""

    def __init__(self, label: str, total: int, width: int = 30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.started = time.monotonic()
        self.done, self.shown = 0, 0.0
        self.show()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.shown >= 0.25:  # redraw four times a second, not on every row
            self.show()

    def show(self) -> None:
        self.shown = time.monotonic()
        share = min(1.0, self.done / self.total)
        bar = "#" * round(share * self.width)
        sys.stdout.write(
            f"\r  {self.label:<11} [{bar:.<{self.width}}] {share:4.0%}  {self.done:,}/{self.total:,}"
            f"  {time.monotonic() - self.started:5.1f} s"
        )
        sys.stdout.flush()

    def finish(self) -> float:
        self.done = self.total if self.done < self.total else self.done
        self.show()
        sys.stdout.write("\n")
        return time.monotonic() - self.started


def batched(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ensure_users(names: list[str]) -> dict[str, int]:
    """Person accounts (Handle + User, no usable password) for the names missing; returns
    {name: user id} for all of them."""
    from django.contrib.auth import get_user_model

    from agora.accounts.models import Handle

    User = get_user_model()
    have = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    missing = [n for n in names if n not in have]
    if missing:
        bar = Progress("people", len(missing))
        for chunk in batched(missing, 2_000):
            handles = Handle.objects.bulk_create(
                [Handle(name=n, kind=Handle.Kind.PERSON) for n in chunk]
            )
            users = User.objects.bulk_create(
                [
                    User(username=h.name, email=f"{h.name}@bench.invalid", password="!", actor=h)
                    for h in handles
                ]
            )
            have.update({u.username: u.pk for u in users})
            bar.advance(len(chunk))
        bar.finish()
    return have


def ensure_people(n: int = PEOPLE) -> dict[str, int]:
    return ensure_users([handle(i) for i in range(1, n + 1)])


def _actor_ids(user_ids: list[int]) -> dict[int, int]:
    from django.contrib.auth import get_user_model

    rows = get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "actor_id")
    return dict(rows)


def seed_posts(people: dict[str, int], total: int, rnd: random.Random) -> int:
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from agora.catalog.models import Product
    from agora.social.models import Post, PostProduct, PostTag, ProductEngagement, Tag

    user_ids = list(people.values())
    actors = _actor_ids(user_ids)
    existing = Post.objects.filter(created_by_id__in=user_ids).count()
    todo = total - existing
    if todo <= 0:
        print(f"  posts        {existing:,} already there")
        return 0
    products = list(Product.objects.filter(status="active").values_list("pk", flat=True))
    bench = list(Product.objects.filter(shop__handle="bench_shop").values_list("pk", flat=True))
    tags = {name: Tag.objects.get_or_create(name=name)[0].pk for name in HASHTAGS}
    bar = Progress("posts", todo)
    for chunk in batched(list(range(todo))):
        posts = []
        for _ in chunk:
            words = " ".join(rnd.choices(WORD_LIST, k=rnd.randint(6, 16)))
            names = rnd.sample(HASHTAGS, k=rnd.randint(0, 2))
            user = rnd.choice(user_ids)
            text = words.capitalize() + "".join(f" #{t}" for t in names)
            posts.append(Post(author_id=actors[user], created_by_id=user, text=text))
        Post.objects.bulk_create(posts)
        tag_rows, product_rows = [], []
        for post in posts:
            for name in {w[1:] for w in post.text.split() if w.startswith("#")}:
                tag_rows.append(PostTag(post_id=post.pk, tag_id=tags[name]))
            if rnd.random() < TAGGED_SHARE and products:
                pool = bench if bench and rnd.random() < 0.05 else products
                for i, pid in enumerate(dict.fromkeys(rnd.choices(pool, k=rnd.randint(1, 3)))):
                    product_rows.append(PostProduct(post_id=post.pk, product_id=pid, position=i))
        PostTag.objects.bulk_create(tag_rows, batch_size=BATCH)
        PostProduct.objects.bulk_create(product_rows, batch_size=BATCH)
        bar.advance(len(chunk))
    bar.finish()
    # The counters the services keep with F(), set once here from the rows.
    counts = PostTag.objects.filter(tag=OuterRef("pk")).values("tag").annotate(n=Count("id"))
    Tag.objects.filter(pk__in=tags.values()).update(post_count=Subquery(counts.values("n")))
    for pid in products:
        ProductEngagement.objects.get_or_create(product_id=pid)
    tagged = PostProduct.objects.filter(product=OuterRef("product")).values("product")
    ProductEngagement.objects.update(
        post_count=Coalesce(Subquery(tagged.annotate(n=Count("id")).values("n")), 0)
    )
    return todo


def seed_follows(people: dict[str, int], ana_id: int, rnd: random.Random) -> int:
    from agora.social.models import Follow
    from agora.social.services.follow_counts import follow_counts_rebuild

    user_ids = list(people.values())
    actors = _actor_ids(user_ids)
    expected = len(user_ids) * FOLLOWS_PER_PERSON
    # A sample is enough to tell a finished phase (and cheap: no 10,000-item IN lists).
    sample = user_ids[:: max(1, len(user_ids) // 50)]
    have = Follow.objects.filter(follower_id__in=sample, target__kind="person").count()
    if have >= len(sample) * FOLLOWS_PER_PERSON:
        print(f"  follows      about {expected:,} already there")
        return 0
    bar = Progress("follows", expected + ANA_FOLLOWS)
    actor_list = list(actors.values())
    rows = []
    for user in user_ids:
        targets = [t for t in rnd.sample(actor_list, FOLLOWS_PER_PERSON + 1) if t != actors[user]]
        rows += [Follow(follower_id=user, target_id=t) for t in targets[:FOLLOWS_PER_PERSON]]
        if len(rows) >= BATCH:
            Follow.objects.bulk_create(rows, ignore_conflicts=True)
            bar.advance(len(rows))
            rows = []
    rows += [Follow(follower_id=ana_id, target_id=t) for t in actor_list[:ANA_FOLLOWS]]
    Follow.objects.bulk_create(rows, ignore_conflicts=True)
    bar.advance(len(rows))
    bar.finish()
    follow_counts_rebuild()  # bulk rows skip the services that keep the stored counts
    return expected + ANA_FOLLOWS


def seed_timelines(people: dict[str, int], ana_id: int) -> int:
    """Each person's newest TIMELINE_CAP posts from the actors they follow, as fan-out on
    write would have left them. Scale posts get sort keys in id order, one second apart,
    ending now, so they are the newest in every timeline."""
    from agora.social.models import Follow, Post, TimelineEntry
    from agora.social.services.timeline import TIMELINE_CAP, now_key

    owners = [*people.values(), ana_id]
    scale_posts = Post.objects.filter(created_by_id__in=list(people.values()))
    if TimelineEntry.objects.filter(owner_id=ana_id, post__in=scale_posts).exists():
        print("  timelines    already there")
        return 0
    by_author: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = list(scale_posts.order_by("pk").values_list("pk", "author_id"))
    end = now_key()
    for i, (pk, author) in enumerate(rows):
        by_author[author].append((end - (len(rows) - i) * 1_000_000, pk))
    follows: dict[int, list[int]] = defaultdict(list)
    for follower, target in Follow.objects.filter(follower_id__in=owners).values_list(
        "follower_id", "target_id"
    ):
        follows[follower].append(target)
    bar = Progress("timelines", len(owners))
    batch, written = [], 0
    for owner in owners:
        candidates = (e for actor in follows[owner] for e in by_author.get(actor, ()))
        for key, post_id in heapq.nlargest(TIMELINE_CAP, candidates):
            batch.append(TimelineEntry(owner_id=owner, post_id=post_id, sort_key=key))
        if len(batch) >= BATCH * 4:
            TimelineEntry.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
            written += len(batch)
            batch = []
        bar.advance(1)
    TimelineEntry.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
    written += len(batch)
    seconds = bar.finish()
    print(f"  timelines    {written:,} rows ({written / max(seconds, 1e-9):,.0f} rows/s)")
    return written


def seed_ana_likes(ana_id: int, people: dict[str, int], rnd: random.Random) -> int:
    """Ana likes some scale posts, so `liked_by_me` is true on part of her feed."""
    from django.db.models import F

    from agora.social.models import Like, Post

    scale_posts = Post.objects.filter(created_by_id__in=list(people.values()))
    if Like.objects.filter(user_id=ana_id, post__in=scale_posts).exists():
        return 0
    ids = list(scale_posts.values_list("pk", flat=True))
    chosen = rnd.sample(ids, min(ANA_LIKES, len(ids)))
    Like.objects.bulk_create([Like(user_id=ana_id, post_id=p) for p in chosen], batch_size=BATCH)
    for chunk in batched(chosen, 500):
        Post.objects.filter(pk__in=chunk).update(like_count=F("like_count") + 1)
    return len(chosen)


def seed(*, people: int = PEOPLE, posts: int = POSTS, viewer: str = "ana") -> dict[str, float]:
    """Seeds the scale data; returns {phase: seconds} plus "rows" and "total"."""
    from django.contrib.auth import get_user_model

    rnd = random.Random(2026)
    times: dict[str, float] = {}
    rows = 0
    started = time.monotonic()
    User = get_user_model()
    ana_id = User.objects.get(username=viewer).pk
    before = User.objects.count()
    everyone = ensure_people(people)
    times["people"] = time.monotonic() - started
    rows = User.objects.count() - before
    phases = [
        ("posts", lambda: seed_posts(everyone, posts, rnd)),
        ("follows", lambda: seed_follows(everyone, ana_id, rnd)),
        ("timelines", lambda: seed_timelines(everyone, ana_id)),
        ("likes", lambda: seed_ana_likes(ana_id, everyone, rnd)),
    ]
    for name, fn in phases:
        t0 = time.monotonic()
        rows += fn() or 0
        times[name] = time.monotonic() - t0
    times["rows"] = rows
    times["total"] = time.monotonic() - started
    return times


if __name__ == "__main__":
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{root / 'var' / 'bench' / 'bench-scale.sqlite3'}"
    )
    import django

    django.setup()
    result = seed()
    print(", ".join(f"{k} {v:,.1f}" for k, v in result.items()))
