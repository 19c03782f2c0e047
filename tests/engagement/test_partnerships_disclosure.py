"""A creator's posts about a partner shop's products say so: "Paid partnership with @shop" on
the card, `disclosure` in the JSON, "#ad" in what a share carries; the product page shows
"Endorsed by @creator". Only while the partnership runs, only for that shop's products."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.core import content_cache
from agora.engagement.models import Partnership
from agora.engagement.services import partnership_decline, partnership_end
from tests.engagement.partners import creator_post, partner, propose
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db
PAID = {"kind": "paid_partnership", "shop": "atelier"}
LABEL = "Paid partnership with"


def disclosure(api, post):
    response = api.get(f"/posts/{post.pk}")
    assert response.status_code == 200
    return response.json()["disclosure"]


def test_a_post_during_the_partnership_discloses_it_in_json_and_on_the_card(
    api, client, creator, owner, shop, mug
):
    partner(creator, shop, owner)
    post = creator_post(creator, mug)

    assert disclosure(api, post) == PAID
    listed = api.get("/actors/lea/posts").json()["items"]
    assert listed[0]["disclosure"] == PAID

    page = client.get(f"/posts/{post.pk}").content.decode()
    assert LABEL in page and 'href="/@atelier"' in page
    profile = client.get("/@lea").content.decode()
    assert LABEL in profile


def test_other_posts_carry_no_disclosure(api, client, creator, owner, shop, mug):
    before = creator_post(creator, mug, text="Before we partnered")
    partner(creator, shop, owner)
    elsewhere = creator_post(
        creator,
        ProductFactory(price_amount=900, options=[], variants=[{"options": {}, "stock": 3}]),
        text="Another shop's vase",
    )
    no_products = creator_post(creator, text="Just a sunset")
    other_creator = UserFactory(username="noa", is_creator=True)
    not_partnered = creator_post(other_creator, mug, text="I like it too")

    for post in (before, elsewhere, no_products, not_partnered):
        assert disclosure(api, post) is None, post.text
        assert LABEL not in client.get(f"/posts/{post.pk}").content.decode()


def test_a_proposal_or_a_declined_one_discloses_nothing(api, creator, owner, shop, mug):
    proposal = propose(creator, shop)
    post = creator_post(creator, mug)
    assert disclosure(api, post) is None

    partnership_decline(user=owner, partnership=proposal)
    assert disclosure(api, creator_post(creator, mug)) is None


def test_posts_after_the_end_carry_no_disclosure_but_earlier_ones_keep_it(
    api, creator, owner, shop, mug
):
    partnership = partner(creator, shop, owner)
    during = creator_post(creator, mug, text="During")
    partnership_end(user=creator, partnership=partnership)
    after = creator_post(creator, mug, text="After")

    assert disclosure(api, during) == PAID
    assert disclosure(api, after) is None


def test_a_post_after_the_period_carries_no_disclosure(api, creator, owner, shop, mug):
    partnership = partner(creator, shop, owner)
    Partnership.objects.filter(pk=partnership.pk).update(
        live_until=timezone.now() - timedelta(seconds=1)
    )

    assert disclosure(api, creator_post(creator, mug)) is None


def test_sharing_a_paid_post_adds_ad_to_the_shared_text(make_api, creator, owner, shop, mug):
    partner(creator, shop, owner)
    paid = creator_post(creator, mug, text="My favourite mug")
    unpartnered = UserFactory(is_creator=True)
    unpaid = creator_post(unpartnered, mug, text="Nice mug")
    sharer = make_api(UserFactory())

    shared = sharer.post(f"/posts/{paid.pk}/share", {"channel": "x"}).json()
    plain = sharer.post(f"/posts/{unpaid.pk}/share", {"channel": "x"}).json()

    assert shared["text"] == "My favourite mug #ad"
    assert "%23ad" in shared["intent_url"]
    assert plain["text"] == "Nice mug" and "%23ad" not in plain["intent_url"]


def test_a_long_paid_post_keeps_ad_within_the_share_text(make_api, creator, owner, shop, mug):
    partner(creator, shop, owner)
    post = creator_post(creator, mug, text="word " * 60)

    text = make_api(UserFactory()).post(f"/posts/{post.pk}/share", {"channel": "x"}).json()["text"]

    assert text.endswith("… #ad") and len(text) <= 140


def test_the_product_page_shows_who_endorses_it(client, creator, owner, shop, mug):
    partner(creator, shop, owner)
    creator_post(creator, mug)
    quiet = UserFactory(username="sam", is_creator=True)
    partner(quiet, shop, owner)  # partnered, but never posted about the mug

    page = client.get(mug.get_absolute_url()).content.decode()

    assert "Endorsed by" in page and ">@lea<" in page
    assert ">@sam<" not in page


def test_no_endorsement_before_acceptance_or_after_the_end(client, creator, owner, shop, mug):
    proposal = propose(creator, shop)
    creator_post(creator, mug)
    assert "Endorsed by" not in client.get(mug.get_absolute_url()).content.decode()

    partnership_decline(user=owner, partnership=proposal)
    partnership = partner(creator, shop, owner)
    creator_post(creator, mug)
    assert "Endorsed by" in client.get(mug.get_absolute_url()).content.decode()

    partnership_end(user=owner, partnership=partnership)
    assert "Endorsed by" not in client.get(mug.get_absolute_url()).content.decode()


def test_a_page_of_paid_posts_costs_the_same_queries_for_few_and_many(
    api, creator, owner, shop, mug, django_assert_num_queries
):
    partner(creator, shop, owner)
    for i in range(2):
        creator_post(creator, mug, text=f"Post {i}")

    def page():
        return api.get("/actors/lea/posts?limit=50").json()["items"]

    page()
    with CaptureQueriesContext(connection) as few:
        assert len(page()) == 2
    for i in range(6):
        creator_post(creator, mug, text=f"More {i}")
    with django_assert_num_queries(len(few.captured_queries)):
        items = page()
    assert len(items) == 8 and all(i["disclosure"] == PAID for i in items)


def test_pages_without_creators_ask_nothing_more(api, owner, shop, mug):
    """Posts by people who are not verified creators (and shops) cost no disclosure query."""
    from agora.social.services.posts import post_create

    post_create(user=owner, text="From the shop", product_ids=[mug.pk], as_shop="atelier")
    person = UserFactory(username="kim")
    post_create(user=person, text="Mine", product_ids=[mug.pk])

    with CaptureQueriesContext(connection) as queries:
        api.get("/actors/kim/posts").json()
    assert not [q for q in queries.captured_queries if "engagement_partnership" in q["sql"]]


def test_the_product_page_costs_the_same_queries_for_one_endorser_and_many(
    client, creator, owner, shop, mug
):
    partner(creator, shop, owner)
    creator_post(creator, mug)
    client.get(mug.get_absolute_url())
    cache.clear()  # both counts with the page's parts rendered afresh
    content_cache.forget()
    with CaptureQueriesContext(connection) as one:
        client.get(mug.get_absolute_url())
    for name in ("ines", "omar", "pia", "ravi"):
        other = UserFactory(username=name, is_creator=True)
        partner(other, shop, owner)
        creator_post(other, mug)
    cache.clear()
    content_cache.forget()
    with CaptureQueriesContext(connection) as many:
        page = client.get(mug.get_absolute_url()).content.decode()

    assert ">@ravi<" in page
    assert len(many.captured_queries) == len(one.captured_queries)
