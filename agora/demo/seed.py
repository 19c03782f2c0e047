"""Fills the database with the demo through the real services, idempotently.

Every object is looked up by its natural key (handle, category name under its parent, product
title in its shop; social.py for follows, posts, likes, comments and reposts) before it is
created, so a second run creates nothing. Images are made only
for products, people and shops that have none yet.
"""

from __future__ import annotations

import itertools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from agora.accounts.models import Expertise
from agora.accounts.services import (
    creator_verify,
    expertise_grant,
    profile_update,
    user_register,
)
from agora.catalog.models import Category, Product
from agora.catalog.schemas import product_draft
from agora.catalog.services import category_create, product_create, product_media_add
from agora.demo import (
    commerce,
    community_forums,
    community_questions,
    data,
    engagement,
    insights,
    picklists,
    polls,
    social,
    trending,
)
from agora.demo.community_reviews import seed_reviews
from agora.demo.images import monogram_image, product_image
from agora.demo.products import PERSONALIZATION, PRODUCTS, product_color
from agora.demo.search import seed_search
from agora.media.services import media_upload
from agora.shops.models import Shop, ShopMember
from agora.shops.services import member_add, shop_create

ALT = {
    "en": {"front": "front view", "back": "back view", "detail": "close-up"},
    "fr": {"front": "vue de face", "back": "vue de dos", "detail": "détail"},
    "de": {"front": "Vorderansicht", "back": "Rückansicht", "detail": "Detailansicht"},
}
STOCK_LEVELS = [0, 3, 4, 6, 8, 12, 15, 20, 25, 30, 40]


@dataclass
class Seeder:
    images: bool = True
    image_size: int = 1200
    report: Callable[[str], None] = print
    created: dict[str, int] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    shops: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def run(self) -> int:
        """Seeds every stage; returns how many objects were created (0 on a re-run)."""
        started = time.monotonic()
        # Thumbnails are made right after each upload's commit, in this process: the demo
        # must look right without a worker running.
        immediate = {
            "default": {
                "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                "QUEUES": settings.TASKS["default"].get("QUEUES", ["default"]),
            }
        }
        task_log = logging.getLogger("django.tasks")  # one INFO line per thumbnail is noise here
        level = task_log.level
        task_log.setLevel(max(level, logging.WARNING))
        try:
            with override_settings(TASKS=immediate):
                self._run_stages()
        finally:
            task_log.setLevel(level)
        total = sum(self.created.values())
        elapsed = time.monotonic() - started
        if total:
            self.report(f"Demo ready: {total} objects created in {elapsed:.1f} s.")
        else:
            self.report(f"Nothing new: the demo data was already there ({elapsed:.1f} s).")
        return total

    def _run_stages(self) -> None:
        self._stage("people", self.seed_people)
        self._stage("categories", self.seed_categories)
        self._stage("roles", self.seed_roles)
        self._stage("shops", self.seed_shops)
        self._stage("products", self.seed_products)
        self._stage("follows", lambda: social.seed_follows(self))
        self._stage("coupons", lambda: commerce.seed_coupons(self))
        self._stage("loyalty", lambda: engagement.seed_loyalty(self))
        self._stage("orders", lambda: commerce.seed_orders(self), atomic=False)
        self._stage("carts", lambda: commerce.seed_carts(self))
        self._stage("questions", lambda: community_questions.seed_questions(self))
        if not self.images:
            # Posts are photo posts: they wait for a run with images, which adds both.
            self.report("  posts       skipped with --no-images (a run with images adds them)")
            return
        self._stage("images", self.seed_images, atomic=False)
        # Each post commits on its own, so its photo's thumbnails are made right away.
        self._stage("posts", lambda: social.seed_posts(self), atomic=False)
        self._stage("likes", lambda: social.seed_likes(self))
        self._stage("comments", lambda: social.seed_comments(self))
        self._stage("reposts", lambda: social.seed_reposts(self))
        self._stage("sold post", lambda: commerce.seed_comment_to_buy(self))
        self._stage("polls", lambda: polls.seed_polls(self))
        self._stage("redemption", lambda: engagement.seed_redemption(self))
        self._stage("partnership", lambda: engagement.seed_partnership(self), atomic=False)
        self._stage("referrals", lambda: engagement.seed_referrals(self), atomic=False)
        self._stage("campaign", lambda: engagement.seed_campaign(self), atomic=False)
        # Sixty days of engagement and sales for the sellers' analytics, then the rollup;
        # before badges and trending, which count the same events.
        self._stage("insights", lambda: insights.seed_insights(self), atomic=False)
        self._stage("badges", lambda: engagement.seed_badges(self))
        self._stage("reviews", lambda: seed_reviews(self), atomic=False)
        # After every stage that likes: the authors hear of the demo's likes.
        self._stage("like notifs", lambda: social.seed_like_notifications(self), atomic=False)
        # Trending first: recommendations fall back to it for people with nothing to go on.
        self._stage("trending", lambda: trending.seed_trending(self), atomic=False)
        self._stage("pick lists", lambda: picklists.seed_picklists(self))
        self._stage("communities", lambda: community_forums.seed_forums(self))
        self._stage("search", lambda: seed_search(self))

    def _stage(self, name: str, fn: Callable[[], tuple[int, int]], atomic: bool = True) -> None:
        started = time.monotonic()
        if atomic:
            with transaction.atomic():
                made, existing = fn()
        else:
            made, existing = fn()
        self.created[name] = made
        self.report(
            f"  {name:<11} {made:>4} created, {existing:>4} already there"
            f"  ({time.monotonic() - started:.1f} s)"
        )

    # --- people, categories, roles -------------------------------------------------------
    def seed_people(self) -> tuple[int, int]:
        User = get_user_model()
        handles = [p[0] for p in data.PEOPLE]
        self.users = {u.username.lower(): u for u in User.objects.filter(username__in=handles)}
        made = 0
        for handle, name, language, _color, bio in data.PEOPLE:
            if handle in self.users:
                continue
            user = user_register(
                username=handle,
                email=f"{handle}@example.org",
                password=data.PASSWORD,
                display_name=name,
                language=language,
            )
            self.users[handle] = profile_update(user=user, bio=bio)
            made += 1
        mod = self.users["mod"]
        if not (mod.is_staff and mod.is_superuser):
            # No service grants site staff: that is an operator's act, done here as one.
            User.objects.filter(pk=mod.pk).update(is_staff=True, is_superuser=True)
            mod.refresh_from_db()
        return made, len(handles) - made

    def seed_categories(self) -> tuple[int, int]:
        mod = self.users["mod"]
        made = existing = 0
        for parent_name, children in data.CATEGORIES.items():
            parent, new = self._category(mod, parent_name, None)
            made, existing = made + new, existing + (not new)
            for child in children:
                _node, new = self._category(mod, child, parent)
                made, existing = made + new, existing + (not new)
        return made, existing

    def _category(self, mod, name: str, parent: Category | None) -> tuple[Category, bool]:
        name_fr, name_de = data.CATEGORY_NAMES.get(name, ("", ""))
        node = Category.objects.filter(name=name, parent=parent).first()
        created = node is None
        if node is None:
            node = category_create(
                actor=mod, name=name, parent=parent, name_fr=name_fr, name_de=name_de
            )
        elif not (node.name_fr or node.name_de):  # seeded before categories had them
            Category.objects.filter(pk=node.pk).update(name_fr=name_fr, name_de=name_de)
            node.name_fr, node.name_de = name_fr, name_de
        self.categories[name if parent is None else f"{parent.name}/{name}"] = node
        return node, created

    def seed_roles(self) -> tuple[int, int]:
        mod = self.users["mod"]
        made = existing = 0
        for handle, category_name in data.EXPERTS:
            user, category = self.users[handle], self.categories[category_name]
            if Expertise.objects.filter(user=user, category=category).exists():
                existing += 1
            else:
                expertise_grant(actor=mod, user=user, category_id=category.pk)
                made += 1
        for handle in data.CREATORS:
            user = self.users[handle]
            if user.is_creator:
                existing += 1
            else:
                self.users[handle] = creator_verify(actor=mod, user=user)
                made += 1
        return made, existing

    # --- shops and products --------------------------------------------------------------
    def seed_shops(self) -> tuple[int, int]:
        made = existing = 0
        for handle, name, owner, staff, currency, language, _color, about in data.SHOPS:
            shop = Shop.objects.filter(handle=handle).first()
            if shop is None:
                shop = shop_create(
                    owner=self.users[owner],
                    handle=handle,
                    name=name,
                    currency=currency,
                    description=about,
                    language=language,
                )
                made += 1
            else:
                existing += 1
            for person in staff:
                if ShopMember.objects.filter(shop=shop, user=self.users[person]).exists():
                    existing += 1
                else:
                    member_add(actor=self.users[owner], shop=shop, handle=person)
                    made += 1
            self.shops[handle] = (shop, self.users[owner])
        return made, existing

    def seed_products(self) -> tuple[int, int]:
        made = existing = 0
        for spec in PRODUCTS:
            shop, owner = self.shops[spec["shop"]]
            if Product.objects.filter(shop=shop, title=spec["title"]).exists():
                existing += 1
                continue
            draft = product_draft(product_body(spec, shop.currency, self))
            product_create(actor=owner, shop=shop, draft=draft)
            made += 1
        return made, existing

    # --- images --------------------------------------------------------------------------
    def seed_images(self) -> tuple[int, int]:
        made = existing = 0
        for spec in PRODUCTS:
            shop, owner = self.shops[spec["shop"]]
            product = Product.objects.get(shop=shop, title=spec["title"])
            if product.media.exists():
                existing += len(spec["angles"])
                continue
            alts = ALT.get(shop.language, ALT["en"])
            for angle in spec["angles"]:
                jpeg = product_image(
                    title=spec["title"],
                    brand=spec["brand"],
                    shape=spec["shape"],
                    color=product_color(spec),
                    angle=angle,
                    stripes=spec["stripes"],
                    label_text=spec["label"],
                    size=self.image_size,
                    language=shop.language,
                )
                product_media_add(
                    actor=owner,
                    product=product,
                    file=_upload(f"{spec['sku'].lower()}-{angle}.jpg", jpeg),
                    angle=angle,
                    alt=f"{spec['title']}, {alts.get(angle, angle)}",
                )
                made += 1
                if made % 20 == 0:
                    self.report(f"  images      {made:>4} product photos so far…")
        avatar_size = max(64, min(480, self.image_size // 2))
        colors = {p[0]: p[3] for p in data.PEOPLE}
        for handle, user in self.users.items():
            user.refresh_from_db(fields=["avatar"])
            if user.avatar_id:
                existing += 1
                continue
            initials = "".join(w[0] for w in user.name.split()[:2]).upper()
            jpeg = monogram_image(text=initials, color=colors[handle], size=avatar_size)
            asset = media_upload(uploader=user, file=_upload(f"{handle}.jpg", jpeg), alt=user.name)
            profile_update(user=user, avatar_id=asset.pk)
            made += 1
        logo_colors = {s[0]: s[6] for s in data.SHOPS}
        for handle, (shop, owner) in self.shops.items():
            shop.refresh_from_db(fields=["logo"])
            if shop.logo_id:
                existing += 1
                continue
            initials = "".join(w[0] for w in shop.name.split()[:2]).upper()
            jpeg = monogram_image(
                text=initials, color=logo_colors[handle], size=avatar_size, round_=False
            )
            asset = media_upload(
                uploader=owner, file=_upload(f"{handle}-logo.jpg", jpeg), alt=shop.name
            )
            # shop_update has no logo field yet; the seed sets it as an operator would.
            Shop.objects.filter(pk=shop.pk).update(logo=asset)
            made += 1
        return made, existing


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def product_body(spec: dict, currency: str, seeder: Seeder) -> dict:
    """The product in the shape catalog.services.product_create documents."""
    names = list(spec["options"])
    combos = list(itertools.product(*spec["options"].values())) if names else [()]
    variants = []
    for combo in combos:
        sku = "-".join([spec["sku"], *(slugify(v)[:12].upper() for v in combo)])
        variant = {
            "sku": sku,
            "options": dict(zip(names, combo, strict=True)),
            "stock": next(
                (spec["stock"][v] for v in combo if v in spec.get("stock", {})),
                random.Random(sku).choice(STOCK_LEVELS),
            ),
        }
        override = next((spec["prices"][v] for v in combo if v in spec["prices"]), None)
        if override is not None:
            variant["price"] = {"amount": override, "currency": currency}
        variants.append(variant)
    if not any(v["stock"] for v in variants):
        variants[0]["stock"] = 10
    fields = []
    for key in spec["personalization"]:
        preset = dict(PERSONALIZATION[key])
        amount = preset.pop("surcharge")
        preset["surcharge"] = {"amount": amount, "currency": currency} if amount else None
        fields.append(preset)
    return {
        "title": spec["title"],
        "description": spec["description"],
        "brand": spec["brand"],
        "category": seeder.categories[spec["category"]].pk,
        "condition": "new",
        "status": spec["status"],
        "price": {"amount": spec["price"], "currency": currency},
        "options": [{"name": n, "values": list(vs)} for n, vs in spec["options"].items()],
        "variants": variants,
        "personalization_fields": fields,
    }
