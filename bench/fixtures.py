"""Bench-only data on top of the demo, made in-process before gunicorn starts. Idempotent.

- @bench_shop, owned by @bench_owner, followed by the 10,000 scale people (fan-out test);
- its product "Bench community mug", tagged by 50 photo posts of 50 different people: the
  product page benchmark's "From the community";
- on the same product, 50 reviews by 50 other people (every fifth with a photo), 10 answered
  questions and 3 threads in the shop's community tagging it: the product page's reviews,
  questions and "Discussed in N threads";
- 100 text posts by @bench_author for the likes test, liked by 500 scale people with fresh
  API tokens;
- a fresh API token for ana (the JSON feed).

Services are used for everything a page shows (shop, product, photos, posts); only the 10,000
followers are bulk-inserted (seed_scale.py), like the scale data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import seed_scale

SHOP, OWNER, AUTHOR = "bench_shop", "bench_owner", "bench_author"
PRODUCT_TITLE = "Bench community mug"
COMMUNITY_POSTS = 50
REVIEWS = 50
QUESTIONS = 10
THREADS = 3
LIKE_TARGETS = 100
LIKERS = 500
TOKEN_NAME = "bench"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@dataclass
class Fixtures:
    product_id: int
    product_path: str
    community_posts: int
    reviews: int
    like_targets: list[int]
    liker_tokens: list[str]
    spare_token: str  # a person outside the likers, for counting one like's queries
    viewer_token: str
    seconds: float
    notes: list[str] = field(default_factory=list)


def _immediate_tasks():
    from django.test.utils import override_settings

    return override_settings(TASKS=IMMEDIATE)


def ensure_shop():
    from agora.shops.models import Shop
    from agora.shops.services import shop_create

    shop = Shop.objects.filter(handle=SHOP).first()
    if shop is None:
        owner_id = seed_scale.ensure_users([OWNER])[OWNER]
        from django.contrib.auth import get_user_model

        owner = get_user_model().objects.get(pk=owner_id)
        shop = shop_create(
            owner=owner, handle=SHOP, name="Bench Shop", currency="EUR", language="en"
        )
    return shop


def ensure_followers(shop, people: dict[str, int]) -> int:
    """Every scale person follows the bench shop (bulk: 10,000 rows)."""
    from agora.social.models import Follow
    from agora.social.services.follow_counts import follow_counts_rebuild

    shop.refresh_from_db(fields=["actor"])
    have = set(Follow.objects.filter(target_id=shop.actor_id).values_list("follower_id", flat=True))
    rows = [
        Follow(follower_id=u, target_id=shop.actor_id) for u in people.values() if u not in have
    ]
    Follow.objects.bulk_create(rows, batch_size=seed_scale.BATCH, ignore_conflicts=True)
    if rows:
        follow_counts_rebuild()  # bulk rows skip the services that keep the stored counts
    return len(have) + len(rows)


def _photo(seed: str, size: int = 800) -> bytes:
    from agora.demo.lifestyle import SETTINGS, scene_image

    colors = ["#2f6f8f", "#c8643c", "#7a8f6b", "#e2b13c", "#9c6b98"]
    n = sum(map(ord, seed))
    items = [{"shape": "mug", "color": colors[n % len(colors)], "stripes": None, "label": ""}]
    return scene_image(items=items, setting=SETTINGS[n % 3], seed=seed, size=size)


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def ensure_product(shop):
    from agora.catalog.models import Product
    from agora.catalog.schemas import product_draft
    from agora.catalog.services import product_create, product_media_add
    from agora.shops.models import ShopMember

    product = Product.objects.filter(shop=shop, title=PRODUCT_TITLE).first()
    if product is not None:
        return product
    owner = ShopMember.objects.get(shop=shop, role=ShopMember.Role.OWNER).user
    product = product_create(
        actor=owner,
        shop=shop,
        draft=product_draft(
            {
                "title": PRODUCT_TITLE,
                "description": "A stoneware mug that fifty people have posted about.",
                "brand": "Bench",
                "status": "active",
                "price": {"amount": 1800, "currency": "EUR"},
                "variants": [{"sku": "BENCH-MUG", "options": {}, "stock": 500}],
            }
        ),
    )
    product_media_add(
        actor=owner, product=product, file=_upload("bench-mug.jpg", _photo("front")),
        angle="front", alt=PRODUCT_TITLE,
    )  # fmt: skip
    return product


def ensure_community(product, people: dict[str, int]) -> int:
    """50 people each post a photo of the product, tagging it (through the services)."""
    from django.contrib.auth import get_user_model

    from agora.media.services import media_upload
    from agora.social.models import PostProduct
    from agora.social.services.posts import post_create

    User = get_user_model()
    have = PostProduct.objects.filter(product=product).values("post__created_by")
    done = set(have.values_list("post__created_by", flat=True))
    authors = [people[seed_scale.handle(i)] for i in range(1, COMMUNITY_POSTS + 1)]
    todo = [u for u in authors if u not in done]
    if todo:
        bar = seed_scale.Progress("community", len(todo))
        for user_id in todo:
            user = User.objects.get(pk=user_id)
            asset = media_upload(
                uploader=user, file=_upload(f"c{user_id}.jpg", _photo(str(user_id))), alt="My mug"
            )
            post_create(
                user=user,
                text=f"My {PRODUCT_TITLE.lower()} in its new home. #bench #mug",
                product_ids=[product.pk],
                media_ids=[asset.pk],
                source="bench",
            )
            bar.advance(1)
        bar.finish()
    return len(authors)


def ensure_reviews(product, people: dict[str, int]) -> int:
    """50 people review the product (ratings 1 to 5, every fifth with a photo), through the
    service, like buyers do."""
    from django.contrib.auth import get_user_model

    from agora.community.models import Review
    from agora.community.services.reviews import review_create
    from agora.media.services import media_upload

    User = get_user_model()
    done = set(Review.objects.filter(product=product).values_list("author_id", flat=True))
    authors = [people[seed_scale.handle(i)] for i in range(101, 101 + REVIEWS)]
    todo = [u for u in authors if u not in done]
    if todo:
        bar = seed_scale.Progress("reviews", len(todo))
        for n, user_id in enumerate(todo):
            user = User.objects.get(pk=user_id)
            media = []
            if n % 5 == 0:
                file = _upload(f"r{user_id}.jpg", _photo(f"r{user_id}"))
                media = [media_upload(uploader=user, file=file, alt="The mug").pk]
            review_create(
                author=user,
                product_id=product.pk,
                rating=5 - n % 5 if n % 7 else 3,
                title=f"Review {n + 1}: a good mug",
                text="Holds heat well, sits nicely in the hand, survived the dishwasher.",
                media_ids=media,
            )
            bar.advance(1)
        bar.finish()
    return len(authors)


def ensure_questions_and_threads(product, people: dict[str, int]) -> None:
    """10 questions with two answers each (one by the shop's owner) and 3 threads in the
    shop's community tagging the product."""
    from django.contrib.auth import get_user_model

    from agora.community.models import Community, Question, Thread
    from agora.community.services.forums import shop_community_ensure
    from agora.community.services.forums_threads import thread_create
    from agora.community.services.questions import answer_create, question_ask
    from agora.shops.models import ShopMember

    User = get_user_model()
    owner = ShopMember.objects.get(shop=product.shop, role=ShopMember.Role.OWNER).user
    have = Question.objects.filter(product=product).count()
    for n in range(have, QUESTIONS):
        asker = User.objects.get(pk=people[seed_scale.handle(201 + n)])
        question = question_ask(
            user=asker, product=product, text=f"Question {n + 1}: microwave safe?"
        )
        answer_create(user=owner, question=question, text="Yes, and dishwasher safe too.")
        buyer = User.objects.get(pk=people[seed_scale.handle(211 + n)])
        answer_create(user=buyer, question=question, text="Mine has been fine for a year.")
    community = Community.objects.filter(shop=product.shop).first()
    if community is None:
        community = shop_community_ensure(shop=product.shop)
    have = Thread.objects.filter(community=community).count()
    for n in range(have, THREADS):
        author = User.objects.get(pk=people[seed_scale.handle(221 + n)])
        thread_create(
            user=author,
            community=community,
            title=f"Thread {n + 1}: what do you drink from yours?",
            text="Coffee in the morning, tea after lunch.",
            product_ids=[product.pk],
        )


def ensure_like_targets() -> list[int]:
    from django.contrib.auth import get_user_model

    from agora.social.models import Post
    from agora.social.services.posts import post_create

    author_id = seed_scale.ensure_users([AUTHOR])[AUTHOR]
    author = get_user_model().objects.get(pk=author_id)
    have = list(Post.objects.filter(created_by=author).order_by("pk").values_list("pk", flat=True))
    for n in range(len(have), LIKE_TARGETS):
        have.append(post_create(user=author, text=f"Like me, I am target {n + 1}.").pk)
    return have[:LIKE_TARGETS]


def fresh_tokens(user_ids: list[int]) -> list[str]:
    """New bench tokens (raw tokens are shown once, so each run makes its own)."""
    from django.contrib.auth import get_user_model

    from agora.accounts.models import ApiToken
    from agora.accounts.services import token_create

    ApiToken.objects.filter(user_id__in=user_ids, name=TOKEN_NAME).delete()
    users = get_user_model().objects.in_bulk(user_ids)
    return [token_create(user=users[u], name=TOKEN_NAME)[1] for u in user_ids]


def prepare(*, viewer: str) -> Fixtures:
    from django.contrib.auth import get_user_model

    started = time.monotonic()
    people = seed_scale.ensure_people()
    with _immediate_tasks():
        shop = ensure_shop()
        followers = ensure_followers(shop, people)
        product = ensure_product(shop)
        community = ensure_community(product, people)
        reviews = ensure_reviews(product, people)
        ensure_questions_and_threads(product, people)
        targets = ensure_like_targets()
    likers = [people[seed_scale.handle(i)] for i in range(1, LIKERS + 1)]
    spare = people[seed_scale.handle(LIKERS + 1)]
    viewer_id = get_user_model().objects.get(username=viewer).pk
    tokens = fresh_tokens([*likers, spare, viewer_id])
    return Fixtures(
        product_id=product.pk,
        product_path=product.get_absolute_url(),
        community_posts=community,
        reviews=reviews,
        like_targets=targets,
        liker_tokens=tokens[:-2],
        spare_token=tokens[-2],
        viewer_token=tokens[-1],
        seconds=time.monotonic() - started,
        notes=[f"@{SHOP} has {followers:,} followers"],
    )
