"""Demo communities: Torréfaction du Canal's shop community and "Specialty coffee", a topic
community opened by Yusuf (a verified coffee expert), with threads tagging demo products,
replies (one quoting another), reactions, a pinned thread and a solved question. Idempotent:
threads are found again by community and title."""

from __future__ import annotations

from typing import Any

from agora.catalog.models import Product
from agora.community.models import Community, Reply, Thread
from agora.community.services.forums import (
    community_create,
    community_join,
    shop_community_ensure,
)
from agora.community.services.forums_threads import (
    reaction_set,
    reply_create,
    thread_create,
    thread_pin_set,
    thread_solve_set,
)

MEMBERS = ["ana", "lucas", "jonas", "paul", "emma", "marc", "yusuf"]

# community slug, author, title, text, product SKUs, replies (author, text, quote index),
# flags, reactions (person, kind)
THREADS: list[dict[str, Any]] = [
    {
        "community": "torrefaction",
        "author": "marc",
        "title": "Welcome! Ask us anything about brewing",
        "text": (
            "This is the place for brewing questions, roast requests and photos of your cups. "
            "We read everything and answer within a day."
        ),
        "products": [],
        "replies": [("ana", "Lovely idea. Could you do a decaf some day?", None)],
        "pinned": True,
        "reactions": [("ana", "love"), ("lucas", "like"), ("jonas", "like")],
    },
    {
        "community": "torrefaction",
        "author": "lucas",
        "title": "What grind size for the V60 with the C40?",
        "text": "My V60 brews taste sour and finish in 2 minutes. How many clicks should I use?",
        "products": ["TC-V60", "TC-C40"],
        "replies": [
            ("marc", "Start around 24 clicks and aim for 3 minutes in total.", None),
            ("yusuf", "Sour and fast means too coarse: go finer, 2 clicks at a time.", None),
            ("lucas", "24 clicks it is: sweet and clear now. Thank you!", 0),
        ],
        "solved": True,
        "reactions": [("marc", "thanks"), ("yusuf", "idea")],
    },
    {
        "community": "specialty-coffee",
        "author": "yusuf",
        "title": "Washed or natural Ethiopians: which do you prefer?",
        "text": (
            "Washed lots give jasmine and bergamot; naturals taste of blueberries and jam. "
            "Which way do you lean, and how do you brew them?"
        ),
        "products": ["TC-ETHIOPIE", "TC-COFFRET"],
        "replies": [
            ("ana", "Washed, always. Naturals taste like a fruit salad to me.", None),
            ("jonas", "A fruit salad is exactly why I love them!", 0),
            ("paul", "This year's naturals are cleaner than ever: try one blind.", None),
        ],
        "pinned": True,
        "reactions": [("ana", "like"), ("jonas", "laugh"), ("paul", "idea"), ("emma", "like")],
    },
    {
        "community": "specialty-coffee",
        "author": "emma",
        "title": "Is a gooseneck kettle worth it?",
        "text": "I pour from a normal kettle. Would a gooseneck really change the cup?",
        "products": ["TC-STAGG"],
        "replies": [("lucas", "For pour-over, yes: the flow is steady and slow.", None)],
        "reactions": [("lucas", "like")],
    },
]


def _product(sku: str) -> Product | None:
    return (
        Product.objects.filter(variants__sku__startswith=sku, shop__handle="torrefaction")
        .order_by("pk")
        .first()
    )


def _communities(seeder) -> tuple[dict[str, Community], int]:
    made = 0
    shop, _owner = seeder.shops["torrefaction"]
    communities = {"torrefaction": shop_community_ensure(shop=shop)}
    topic = Community.objects.filter(slug="specialty-coffee").first()
    if topic is None:
        topic = community_create(
            user=seeder.users["yusuf"],
            slug="specialty-coffee",
            name="Specialty coffee",
            description=(
                "Brewing, roasting and tasting: share recipes, ask questions, compare beans "
                "and gear with people who care about the cup."
            ),
        )
        made += 1
    communities["specialty-coffee"] = topic
    for community in communities.values():
        for handle in MEMBERS:
            community_join(user=seeder.users[handle], community=community)
    return communities, made


def seed_forums(seeder) -> tuple[int, int]:
    """Two communities with threads; returns (made, already there)."""
    communities, made = _communities(seeder)
    existing = 0
    for spec in THREADS:
        community = communities[spec["community"]]
        if Thread.objects.filter(community=community, title=spec["title"]).exists():
            existing += 1
            continue
        author = seeder.users[spec["author"]]
        products = [p.pk for sku in spec["products"] if (p := _product(sku)) is not None]
        thread = thread_create(
            user=author,
            community=community,
            title=spec["title"],
            text=spec["text"],
            product_ids=products,
        )
        thread.community = community
        replies: list[Reply] = []
        for handle, text, quote in spec["replies"]:
            replies.append(
                reply_create(
                    user=seeder.users[handle],
                    thread=thread,
                    text=text,
                    quote_id=replies[quote].pk if quote is not None else None,
                )
            )
        for handle, kind in spec.get("reactions", []):
            reaction_set(user=seeder.users[handle], kind=kind, thread=thread)
        if replies:
            reaction_set(user=author, kind="thanks", reply=replies[0])
        if spec.get("pinned"):
            manager = (
                seeder.users["mod"] if community.shop is None else seeder.shops["torrefaction"][1]
            )
            thread_pin_set(user=manager, thread=thread, pinned=True)
        if spec.get("solved"):
            thread_solve_set(user=author, thread=thread, solved=True)
        made += 1
    return made, existing
