"""The demo's polls, through the real services and idempotent (a poll's post is its natural
key: author and text).

- @atelier_nord asked which colour its ribbed beanie should come in next; the poll closed a
  week ago, the winner became a product (made from the poll in one action, then finished and
  put on sale), and everyone who voted for it was told and given a personal early-access
  code (10 % off).
- @kinderkram asks which print its next backpack should have; the poll is open for three more
  days and people have voted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from agora.catalog.models import Product
from agora.catalog.schemas import product_changes
from agora.catalog.services import product_media_add, product_update
from agora.demo.images import product_image
from agora.demo.products import COLORS
from agora.engagement.models import Poll, PollOption
from agora.engagement.services import (
    poll_close,
    poll_make_product,
    poll_vote,
    poll_voters_notify,
)
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.social.models import Post, TimelineEntry
from agora.social.services import timeline
from agora.social.services.posts import post_create

CLOSED: dict[str, Any] = {
    "shop": "atelier_nord",
    "text": (
        "Notre bonnet côtelé revient cet hiver : quelle couleur ? Le gagnant sera tricoté en "
        "petite série. #vote #atelier"
    ),
    "shape": "beanie",
    "title": "Bonnet côtelé",
    "tagged": "Bonnet côtelé",
    "price": 3900,
    "options": ["Rouille", "Sauge", "Bleu canal"],
    "votes": {
        "Rouille": ["chloe", "emma", "noah"],
        "Sauge": ["ana", "lucas", "mia", "jonas", "oliver"],
        "Bleu canal": ["paul", "yusuf"],
    },
    "days_ago": 10,
    "days_open": 3,
    "early_access": 10,  # the winner's voters get 10 % off it, each with a personal code
}
OPEN: dict[str, Any] = {
    "shop": "kinderkram",
    "text": (
        "Unser Kinderrucksack bekommt ein neues Motiv. Welches sollen wir nähen? Abstimmen bis "
        "Sonntag! #abstimmung"
    ),
    "shape": "tote",
    "title": "Kinderrucksack",
    "tagged": "Kinderrucksack",
    "price": 3290,
    "options": ["Fuchs", "Wal", "Sterne"],
    "votes": {"Fuchs": ["noah", "mia", "ana"], "Wal": ["jonas", "emma"], "Sterne": ["chloe"]},
    "days_ago": 1,
    "days_open": 4,
}


def _images(seeder, spec: dict, owner) -> dict[str, int]:
    ids = {}
    for label in spec["options"]:
        jpeg = product_image(
            title=f"{spec['title']} · {label}",
            brand=seeder.shops[spec["shop"]][0].name,
            shape=spec["shape"],
            color=COLORS[label],
            size=seeder.image_size,
        )
        upload = SimpleUploadedFile(f"poll-{label}.jpg", jpeg, content_type="image/jpeg")
        ids[label] = media_upload(uploader=owner, file=upload, alt=f"{spec['title']}, {label}").pk
    return ids


def _poll(seeder, spec: dict) -> tuple[Poll, bool]:
    shop, owner = seeder.shops[spec["shop"]]
    shop.refresh_from_db(fields=["actor"])
    post = Post.objects.filter(author=shop.actor, text=spec["text"]).first()
    if post is not None:
        return Poll.objects.get(post=post), False
    images = _images(seeder, spec, owner) if seeder.images else {}
    # The post tags the product the poll is about, with its photo, as the shop's posts do.
    product = Product.objects.get(shop=shop, title=spec["tagged"])
    photos = MediaAsset.objects.filter(
        product_link__product=product, uploaded_by=owner, angle="front"
    ).values_list("pk", flat=True)
    created = timezone.now() - timedelta(days=spec["days_ago"])
    closes = created + timedelta(days=spec["days_open"])
    options = []
    for label in spec["options"]:
        option = {"label": label, "image_media_id": images.get(label)}
        option["proposed"] = {
            "title": f"{spec['title']} {label.lower()}",
            "options": {"color": label},
            "price": {"amount": spec["price"], "currency": shop.currency},
        }
        options.append(option)
    with transaction.atomic():
        post = post_create(
            user=owner,
            as_shop=shop.handle,
            text=spec["text"],
            product_ids=[product.pk],
            media_ids=list(photos),
            poll={
                "options": options,
                "closes_at": timezone.now() + timedelta(days=1),
                "early_access_percent": spec.get("early_access", 0),
            },
            source="seed",
        )
        key = timeline.key_for(created)
        Post.objects.filter(pk=post.pk).update(created_at=created)
        TimelineEntry.objects.filter(post=post, reposted_by=None).update(sort_key=key)
        timeline.fanout(post_id=post.pk, source_actor_id=shop.actor_id, sort_key=key)
        poll = Poll.objects.get(post=post)
        for label, people in spec["votes"].items():
            choice = poll.options.get(label=label)
            for handle in people:
                poll_vote(user=seeder.users[handle], poll=poll, option_id=choice.pk, source="seed")
        # The deadline as the shop set it (after the votes: they came in while it was open).
        Poll.objects.filter(pk=poll.pk).update(closes_at=closes)
        poll.refresh_from_db()
    return poll, True


def seed_polls(seeder) -> tuple[int, int]:
    """The closed poll whose winner became a product on sale, and the open poll with votes."""
    made = existing = 0
    closed, new = _poll(seeder, CLOSED)
    made, existing = made + new, existing + (not new)
    _open, new = _poll(seeder, OPEN)
    made, existing = made + new, existing + (not new)
    poll_close(poll=closed)
    winner = closed.winner  # Sauge, with the most votes
    if winner is not None and winner.product_id is None:
        _make_winner_real(seeder, closed, winner)
        made += 1
    else:
        existing += 1
    return made, existing


def _make_winner_real(seeder, poll: Poll, winner: PollOption) -> None:
    """The shop makes the winner a draft in one action, finishes it (a photo, stock, a
    description) and puts it on sale; its voters are told (here rather than by the task
    queued on commit, so the demo is complete inside a test's transaction too; the task then
    finds them told)."""
    shop, owner = seeder.shops[CLOSED["shop"]]
    product, _created = poll_make_product(user=owner, poll=poll)
    if seeder.images:
        jpeg = product_image(
            title=product.title,
            brand=shop.name,
            shape=CLOSED["shape"],
            color=COLORS[winner.label],
            size=seeder.image_size,
            language=shop.language,
        )
        product_media_add(
            actor=owner,
            product=product,
            file=SimpleUploadedFile("poll-winner.jpg", jpeg, content_type="image/jpeg"),
            angle="front",
            alt=product.title,
        )
    variants = [
        {"id": v.pk, "sku": v.sku, "options": v.options, "stock": 24}
        for v in product.variants.all()
    ]
    changes = {
        "status": "active",
        "description": "Côtes 2×2 en laine recyclée, revers large. La couleur que vous avez "
        "choisie.",
        "variants": variants,
    }
    product_update(actor=owner, product=product, changes=product_changes(changes))
    poll_voters_notify(option_id=winner.pk)
