"""A small, lively social world on top of the e2e catalog: people follow the shops, the shops
post with product tags and photos, people like, comment, repost and use hashtags."""

from __future__ import annotations

from datetime import timedelta

from agora.social.services.comments import comment_create
from agora.social.services.follows import follow_create
from agora.social.services.like_notifications import like_notifications_write
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set, repost_set
from tests.e2e.seed import seed_catalog, upload_picture
from tests.factories import UserFactory


def seed_social(*, pictures: bool = True) -> dict:
    catalog = seed_catalog(pictures=pictures)
    maya = catalog["atelier"][0].members.first().user
    shirt, _cardigan, dress, tote = catalog["atelier"][1]
    guji, espresso, mug, cold_brew = catalog["roastery"][1]
    ana = UserFactory(username="ana", display_name="Ana Lima", bio="Coffee, linen and long walks.")
    leo = UserFactory(username="leo", display_name="Léo Martin")
    sam = UserFactory(username="sam", display_name="Sam Okafor")
    for person in (ana, leo, sam):
        follow_create(user=person, handle="atelier")
    follow_create(user=ana, handle="roastery")
    follow_create(user=ana, handle="leo")
    follow_create(user=leo, handle="ana")
    follow_create(user=sam, handle="ana")

    def photos(user, kind, color, n=1, alt=""):
        if not pictures:
            return []
        angles = ["front", "detail", "back"][:n]
        return [
            upload_picture(uploader=user, kind=kind, color=color, angle=a, alt=alt).pk
            for a in angles
        ]

    roast = post_create(
        user=maya,
        as_shop="roastery",
        text="Tuesday roast day ☕ Our Ethiopia Guji is back: peach, jasmine, bergamot. "
        "#coffee #roastday",
        product_ids=[guji.pk, mug.pk],
        media_ids=photos(maya, "bag", (120, 80, 50), 3, "A bag of Ethiopia Guji"),
    )
    summer = post_create(
        user=maya,
        as_shop="atelier",
        text="The summer dress is here, in saffron linen. Only a few in size S! #linen #summer",
        product_ids=[dress.pk],
        media_ids=photos(maya, "dress", (214, 160, 70), 2, "The saffron summer dress"),
    )
    ana_post = post_create(
        user=ana,
        text="Wore my new linen shirt from @atelier all weekend. Soft, breathable, and the "
        "blue is even nicer in real life. #linen #ootd",
        product_ids=[shirt.pk],
        media_ids=photos(ana, "shirt", (70, 110, 160), 1, "Ana's blue linen shirt"),
    )
    leo_post = post_create(
        user=leo,
        text="Anyone tried the House espresso in a moka pot? Looking for tips. #coffee",
        product_ids=[espresso.pk],
    )
    shirt_post = post_create(
        user=maya,
        as_shop="atelier",
        text="New in: our linen shirt, sewn in small runs in Lille. Tag us when you wear it! "
        "#linen",
        product_ids=[shirt.pk, tote.pk],
        media_ids=photos(maya, "shirt", (70, 110, 160), 1, "The blue linen shirt"),
    )
    for person in (leo, sam):
        like_set(user=person, post=shirt_post)
        like_set(user=person, post=ana_post)
    like_set(user=sam, post=roast)
    like_set(user=maya, post=ana_post)
    comment_create(user=leo, post=ana_post, text="That blue! Which size did you take?")
    first = ana_post.comments.first()
    comment_create(
        user=ana, post=ana_post, text="M, it fits a bit loose. Perfect.", parent_id=first.pk
    )
    comment_create(user=sam, post=leo_post, text="Medium-fine grind, low heat. #coffee")
    comment_create(user=sam, post=shirt_post, text="Is there a green one coming?")
    repost_set(user=leo, post=ana_post)
    repost_set(user=sam, post=summer)
    comment_create(user=leo, product=shirt, text="Washed it ten times, still perfect.")
    cold = post_create(
        user=sam,
        text="Cold brew season is coming. Who else is waiting for the bottle to come back? #coffee",
        product_ids=[cold_brew.pk],
    )
    repost_set(user=leo, post=cold)  # reaches Ana through Léo, with "Léo Martin reposted"
    like_notifications_write(settle=timedelta(0))  # as the background task would by now
    return {
        "maya": maya,
        "ana": ana,
        "leo": leo,
        "sam": sam,
        "shirt": shirt,
        "shirt_post": shirt_post,
        "ana_post": ana_post,
        "catalog": catalog,
    }
