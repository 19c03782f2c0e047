"""The demo's pick lists and recommendations, through the discovery services, idempotent.

Natural keys: a list is (owner's handle, title); an item is (list, product); a follow is
(list, person). Lists by two people (Ana and Emma) and the coffee expert (Yusuf, whose lists
carry the "Expert" mark), one of Ana's unlisted; a few follows. Then "For you" is computed for
the people who log in to the demo (once: a re-run finds them computed and leaves them).
"""

from __future__ import annotations

from agora.catalog.models import Product
from agora.discovery.models import PickList, PickListFollow, PickListItem, RecommendationState
from agora.discovery.services.picklists import picklist_create, picklist_follow, picklist_item_add
from agora.discovery.services.recommendations import recommendations_compute

# owner, title, description, visibility, [(product title, note)]
LISTS = [
    (
        "yusuf",
        "Brewing great coffee at home",
        "The kit I recommend to every student: nothing fancy, everything precise.",
        "public",
        [
            ("Moulin manuel C40", "The grinder matters more than the brewer. This one is even."),
            ("Dripper V60 en céramique", "Ceramic holds heat: preheat it and pour slowly."),
            ("Bouilloire col de cygne Stagg EKG", "A gooseneck lets you control the pour."),
            ("Éthiopie Yirgacheffe", "Floral and bright: brew at 93 °C, 1:16."),
            ("Kenya Nyeri AA", "Blackcurrant and juicy acidity. Try it as a filter."),
        ],
    ),
    (
        "ana",
        "Slow wardrobe",
        "Fewer, better clothes I wear every week.",
        "public",
        [
            ("Chemise en lin lavé", "Gets softer with every wash."),
            ("Robe portefeuille en lin", "Works for the office and the beach."),
            ("Écharpe en cachemire", "Warm without the bulk."),
            ("Sac cabas en toile", "Carries my laptop and the market shopping."),
        ],
    ),
    (
        "ana",
        "Gift ideas for my sister",
        "Shh, she reads Agora too.",
        "unlisted",
        [
            ("Soy wax candle, Fig & Cedar", "Her favourite smell."),
            ("Wool throw blanket", "For her new flat."),
        ],
    ),
    (
        "emma",
        "A kitchen I love cooking in",
        "Hand-made pieces that make everyday meals feel special.",
        "public",
        [
            ("Stoneware dinner plates, set of four", "Heavy, matte and dishwasher safe."),
            ("Hand-thrown breakfast bowl", "The perfect size for porridge."),
            ("Linen tea towel", "Dries glasses without lint."),
            ("Tasse en grès émaillé", "Keeps the coffee warm for longer."),
            ("Enamel coffee pot", ""),
        ],
    ),
]

# (follower, list owner, list title)
FOLLOWS = [
    ("ana", "yusuf", "Brewing great coffee at home"),
    ("lucas", "yusuf", "Brewing great coffee at home"),
    ("jonas", "yusuf", "Brewing great coffee at home"),
    ("chloe", "ana", "Slow wardrobe"),
    ("emma", "ana", "Slow wardrobe"),
    ("ana", "emma", "A kitchen I love cooking in"),
]

# The demo log-ins (README): their "For you" is ready when they first sign in.
LOG_INS = ["ana", "sofia", "marc", "lena", "chloe", "yusuf", "mod"]


def _list(seeder, owner: str, title: str) -> PickList | None:
    user = seeder.users[owner]
    return PickList.objects.filter(owner_id=user.actor_id, title=title).first()


def seed_picklists(seeder) -> tuple[int, int]:
    made = existing = 0
    products = {
        p.title: p for p in Product.objects.filter(status=Product.Status.ACTIVE).only("pk", "title")
    }
    for owner, title, description, visibility, items in LISTS:
        user = seeder.users[owner]
        user.refresh_from_db(fields=["actor"])
        picklist = _list(seeder, owner, title)
        if picklist is None:
            picklist = picklist_create(
                user=user, title=title, description=description, visibility=visibility
            )
            made += 1
        else:
            existing += 1
        have = set(
            PickListItem.objects.filter(picklist=picklist).values_list("product_id", flat=True)
        )
        for product_title, note in items:
            product = products.get(product_title)
            if product is None:
                continue
            if product.pk in have:
                existing += 1
                continue
            picklist_item_add(user=user, picklist=picklist, product_id=product.pk, note=note)
            made += 1
    for follower, owner, title in FOLLOWS:
        picklist = _list(seeder, owner, title)
        user = seeder.users[follower]
        if picklist is None:
            continue
        if PickListFollow.objects.filter(picklist=picklist, user=user).exists():
            existing += 1
            continue
        picklist_follow(user=user, picklist=picklist)
        made += 1
    for handle in LOG_INS:
        user = seeder.users[handle]
        if RecommendationState.objects.filter(user=user).exists():
            existing += 1
            continue
        recommendations_compute(user=user)
        made += 1
    return made, existing
