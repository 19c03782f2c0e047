"""The demo's social stages: follows, posts with photos and product tags, likes, comments and
reposts, all through the social services and all idempotent.

Natural keys: a follow, like or repost is (person, target); a post is (author, text); a
comment is (post, author, text). Anything already there is left alone, so a second run creates
nothing.

Posts are spread over the last two weeks: after `post_create` the seed moves the post's
`created_at` back and gives its timeline rows the matching sort key, so the feed reads like a
fortnight of activity rather than a burst from one second. Timelines are filled by calling
`timeline.fanout` directly (inside the post's transaction, before the task queued on commit
runs), so they are full with no worker running and inside a test's transaction too; the task
that follows finds every row there and inserts nothing.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from agora.catalog.models import Product
from agora.demo import social_data
from agora.demo.data import SHOPS
from agora.demo.lifestyle import scene_image
from agora.demo.products import PRODUCTS, product_color
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.social import text as post_text
from agora.social.models import Comment, Follow, Like, Post, Repost, TimelineEntry
from agora.social.services import timeline
from agora.social.services.comments import comment_create
from agora.social.services.follows import follow_create
from agora.social.services.like_notifications import like_notifications_write
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set, repost_set

SPECS = {spec["title"]: spec for spec in PRODUCTS}


def _when(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _author(seeder, spec: dict):
    """(the Handle the post is by, the person writing it)."""
    user = seeder.users[spec["by"]]
    if spec["shop"]:
        shop, _owner = seeder.shops[spec["shop"]]
        shop.refresh_from_db(fields=["actor"])
        return shop.actor, user
    user.refresh_from_db(fields=["actor"])
    return user.actor, user


def seed_follows(seeder) -> tuple[int, int]:
    have = set(Follow.objects.values_list("follower__username", "target__name"))
    made = existing = 0
    for person, targets in social_data.FOLLOWS.items():
        for handle in targets:
            if (person, handle) in have:
                existing += 1
                continue
            _follow, created = follow_create(
                user=seeder.users[person], handle=handle, source="seed"
            )
            made += created
            existing += not created
    return made, existing


def _products() -> dict[str, Product]:
    shops = {spec["shop"] for spec in PRODUCTS}
    return {
        p.title: p
        for p in Product.objects.filter(shop__handle__in=shops, status=Product.Status.ACTIVE)
    }


def _item(title: str) -> dict:
    spec = SPECS[title]
    return {
        "shape": spec["shape"],
        "color": product_color(spec),
        "stripes": spec["stripes"],
        "label": spec["label"],
    }


def _photos(seeder, spec: dict, user, products: list[Product]) -> list[int]:
    """The post's photos: a lifestyle scene of its products, uploaded by whoever writes it,
    and for a shop's launch the products' own front photos when that person uploaded them."""
    ids = []
    if spec["scene"]:
        written = re.findall(post_text.TAG_RE, spec["text"])  # as written: #NameOnTheLabel
        personal = not spec["shop"] and random.Random(spec["key"]).random() < 0.5
        jpeg = scene_image(
            items=[_item(t) for t in spec["products"]],
            setting=spec["scene"],
            seed=spec["key"],
            size=seeder.image_size,
            sticker=f"#{written[0]}" if written and personal else "",
        )
        asset = media_upload(
            uploader=user,
            file=SimpleUploadedFile(f"{spec['key']}.jpg", jpeg, content_type="image/jpeg"),
            alt=", ".join(spec["products"]) or spec["text"][:120],
        )
        ids.append(asset.pk)
    if spec["shop"]:
        fronts = (
            MediaAsset.objects.filter(
                product_link__product__in=products, uploaded_by=user, angle="front"
            )
            .order_by("product_link__position", "id")
            .values_list("pk", flat=True)
        )
        ids += list(fronts)
    return ids


def seed_posts(seeder) -> tuple[int, int]:
    products = _products()
    made = existing = 0
    for spec in sorted(social_data.POSTS, key=lambda s: -s["hours"]):  # oldest first
        author, user = _author(seeder, spec)
        if Post.objects.filter(author=author, text=spec["text"]).exists():
            existing += 1
            continue
        tagged = [products[t] for t in spec["products"]]
        media_ids = _photos(seeder, spec, user, tagged) if seeder.images else []
        when = _when(spec["hours"])
        key = timeline.key_for(when)
        with transaction.atomic():
            post = post_create(
                user=user,
                text=spec["text"],
                product_ids=[p.pk for p in tagged],
                media_ids=media_ids,
                as_shop=spec["shop"],
                source="seed",
            )
            Post.objects.filter(pk=post.pk).update(created_at=when)
            TimelineEntry.objects.filter(post=post, reposted_by=None).update(sort_key=key)
            timeline.fanout(post_id=post.pk, source_actor_id=author.pk, sort_key=key)
        made += 1
    return made, existing


def _posts_by_key(seeder) -> dict[str, Post]:
    found = {}
    for spec in social_data.POSTS:
        author, _user = _author(seeder, spec)
        post = Post.objects.select_related("author").filter(author=author, text=spec["text"])
        found[spec["key"]] = post.first()
    return {k: p for k, p in found.items() if p is not None}


def _writers(seeder, spec: dict) -> set[str]:
    """Who wrote the post: its author, or the shop's owner and staff."""
    if not spec["shop"]:
        return {spec["by"]}

    owner, staff = next((s[2], s[3]) for s in SHOPS if s[0] == spec["shop"])
    return {owner, *staff}


def seed_likes(seeder) -> tuple[int, int]:
    posts = _posts_by_key(seeder)
    have = set(Like.objects.values_list("user_id", "post_id"))
    made = existing = 0
    people = [h for h in seeder.users if h != "mod"]
    for spec in social_data.POSTS:
        post = posts.get(spec["key"])
        if post is None:
            continue
        chance = social_data.LIKE_CHANCE["shop" if spec["shop"] else "person"]
        writers = _writers(seeder, spec)
        for handle in people:
            if handle in writers or random.Random(f"{handle}|{spec['key']}").random() >= chance:
                continue
            user = seeder.users[handle]
            if (user.pk, post.pk) in have:
                existing += 1
                continue
            like_set(user=user, post=post, source="seed")
            made += 1
    return made, existing


def seed_like_notifications(seeder) -> tuple[int, int]:
    """(like notifications written, 0): what the background task would write, now. The seed
    is the only writer and every earlier stage has committed: no need to let likes settle."""
    result = like_notifications_write(settle=timedelta(0))
    return result.written, 0


def seed_comments(seeder) -> tuple[int, int]:
    posts = _posts_by_key(seeder)
    made = existing = 0
    for key, threads in social_data.COMMENTS.items():
        post = posts.get(key)
        if post is None:
            continue
        at = post.created_at
        for author, text, replies in threads:
            at += timedelta(minutes=47)
            comment, new = _comment(seeder, post, author, text, parent=None, at=at)
            made, existing = made + new, existing + (not new)
            for reply_author, reply_text in replies:
                at += timedelta(minutes=23)
                _reply, new = _comment(
                    seeder, post, reply_author, reply_text, parent=comment, at=at
                )
                made, existing = made + new, existing + (not new)
    return made, existing


def _comment(seeder, post: Post, handle: str, text: str, *, parent, at) -> tuple[Comment, bool]:
    user = seeder.users[handle]
    found = Comment.objects.filter(post=post, author=user, text=text).first()
    if found is not None:
        return found, False
    comment = comment_create(
        user=user, post=post, text=text, parent_id=parent.pk if parent else None, source="seed"
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=min(at, timezone.now()))
    return comment, True


def seed_reposts(seeder) -> tuple[int, int]:
    posts = _posts_by_key(seeder)
    made = existing = 0
    for key, handle, hours_after in social_data.REPOSTS:
        post, user = posts.get(key), seeder.users[handle]
        if post is None:
            continue
        if Repost.objects.filter(user=user, post=post).exists():
            existing += 1
            continue
        when = min(post.created_at + timedelta(hours=hours_after), timezone.now())
        sort_key = timeline.key_for(when)
        with transaction.atomic():
            repost_set(user=user, post=post, source="seed")
            Repost.objects.filter(user=user, post=post).update(created_at=when)
            actor_id = user.actor_id
            timeline.fanout(
                post_id=post.pk,
                source_actor_id=actor_id,
                sort_key=sort_key,
                reposted_by_id=actor_id,
            )
        made += 1
    return made, existing
