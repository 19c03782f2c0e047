"""The cart: adding, merging, changing and removing lines; what a body may not do."""

import pytest

from agora.commerce.models import CartLine
from agora.commerce.services.cart import cart_for, cart_line_add, cart_merge
from agora.social.models import ShareLink
from agora.social.services.posts import post_create
from tests.commerce.conftest import add
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_adding_a_variant_shows_it_in_the_cart_with_todays_price(buyer_api, mug_variant):
    # when
    response = add(buyer_api, mug_variant, 2)
    # then
    assert response.status_code == 201, response.content
    cart = buyer_api.get("/cart").json()
    assert cart["currency"] == "EUR"
    [line] = cart["lines"]
    assert line["variant_id"] == mug_variant.pk
    assert line["product"]["title"] == "Mug"
    assert line["quantity"] == 2
    assert line["unit_price"] == {"amount": 1200, "currency": "EUR"}
    assert line["line_total"] == {"amount": 2400, "currency": "EUR"}
    assert line["available"] is True
    assert cart["subtotal"]["amount"] == 2400
    assert cart["shops"][0]["shipping"]["amount"] == 500
    assert cart["total"]["amount"] == 2900


def test_adding_the_same_variant_twice_merges_into_one_line(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    add(buyer_api, mug_variant, 2)
    [line] = buyer_api.get("/cart").json()["lines"]
    assert line["quantity"] == 3


def test_personalization_adds_its_surcharge_and_makes_a_separate_line(buyer_api, mug_variant):
    add(buyer_api, mug_variant, 1)
    response = add(buyer_api, mug_variant, 1, personalization={"name": "Ana"})
    assert response.status_code == 201
    lines = response.json()["lines"]
    assert [(line["personalization"], line["unit_price"]["amount"]) for line in lines] == [
        ({}, 1200),
        ({"name": "Ana"}, 1500),
    ]


@pytest.mark.parametrize(
    "personalization,path",
    [
        ({"colour": "red"}, "personalization.colour"),
        ({"name": "A very long name"}, "personalization.name"),
        ({"name": "Ana<script>"}, "personalization.name"),
        ({"name": 7}, "personalization.name"),
    ],
)
def test_bad_personalization_is_refused(buyer_api, mug_variant, personalization, path):
    response = add(buyer_api, mug_variant, 1, personalization=personalization)
    assert response.status_code == 422
    assert path in response.json()["error"]["fields"]
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1, 10**9, 100, "2", 1.5, True])
def test_tampered_quantities_are_refused(buyer_api, mug_variant, quantity):
    response = add(buyer_api, mug_variant, quantity)
    assert response.status_code == 422
    assert "quantity" in response.json()["error"]["fields"]
    assert not CartLine.objects.exists()


def test_price_fields_in_the_body_are_ignored(buyer_api, mug_variant):
    response = buyer_api.post(
        "/cart/lines",
        {
            "variant_id": mug_variant.pk,
            "quantity": 1,
            "unit_price": {"amount": 1, "currency": "EUR"},
            "price": 1,
            "currency": "USD",
        },
    )
    assert response.status_code == 201
    assert response.json()["lines"][0]["unit_price"] == {"amount": 1200, "currency": "EUR"}


def test_a_second_currency_in_one_cart_is_a_conflict(buyer_api, mug_variant):
    dollar_shop = ShopFactory(currency="USD")
    dollars = ProductFactory(shop=dollar_shop, variants=[{"options": {}, "stock": 3}])
    add(buyer_api, mug_variant, 1)
    response = add(buyer_api, dollars.variants.get(), 1)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "currency_mismatch"
    assert CartLine.objects.count() == 1


def test_an_emptied_cart_accepts_another_currency(buyer_api, mug_variant):
    line_id = add(buyer_api, mug_variant, 1).json()["lines"][0]["id"]
    buyer_api.delete(f"/cart/lines/{line_id}")
    dollars = ProductFactory(shop=ShopFactory(currency="USD"), variants=[{"stock": 3}])
    assert add(buyer_api, dollars.variants.get(), 1).status_code == 201


def test_draft_products_and_unknown_variants_cannot_be_added(buyer_api, seller_shop):
    draft = ProductFactory(shop=seller_shop, status="draft", variants=[{"stock": 3}])
    assert add(buyer_api, draft.variants.get(), 1).status_code == 422
    response = buyer_api.post("/cart/lines", {"variant_id": 987654, "quantity": 1})
    assert response.status_code == 422
    assert "variant_id" in response.json()["error"]["fields"]


def test_changing_and_removing_a_line(buyer_api, mug_variant):
    line_id = add(buyer_api, mug_variant, 1).json()["lines"][0]["id"]
    response = buyer_api.patch(f"/cart/lines/{line_id}", {"quantity": 4})
    assert response.status_code == 200
    assert response.json()["lines"][0]["quantity"] == 4
    assert buyer_api.patch(f"/cart/lines/{line_id}", {"quantity": 0}).status_code == 422
    response = buyer_api.delete(f"/cart/lines/{line_id}")
    assert response.status_code == 200
    assert response.json()["lines"] == []


def test_another_persons_line_is_not_found(buyer_api, make_api, mug_variant):
    line_id = add(buyer_api, mug_variant, 1).json()["lines"][0]["id"]
    stranger = make_api(UserFactory())
    assert stranger.patch(f"/cart/lines/{line_id}", {"quantity": 5}).status_code == 404
    assert stranger.delete(f"/cart/lines/{line_id}").status_code == 404
    assert CartLine.objects.get(pk=line_id).quantity == 1


def test_an_anonymous_visitor_has_a_session_cart(api, mug_variant):
    assert add(api, mug_variant, 2).status_code == 201
    assert api.get("/cart").json()["lines"][0]["quantity"] == 2


def test_the_session_cart_merges_into_the_persons_cart_at_log_in(buyer, mug_variant):
    # given a guest cart with a mug, and a personal cart with one mug already
    guest = cart_for(session_key="guest-session")
    cart_line_add(cart=guest, variant=mug_variant, quantity=2)
    cart_line_add(cart=cart_for(user=buyer), variant=mug_variant, quantity=1)
    # when
    cart = cart_merge(session_key="guest-session", user=buyer)
    # then
    [line] = CartLine.objects.filter(cart=cart)
    assert line.quantity == 3
    assert cart_for(session_key="guest-session", create=False) is None
    assert cart_merge(session_key="guest-session", user=buyer) == cart


def test_a_line_remembers_the_post_and_its_creator(buyer_api, mug, mug_variant):
    creator = UserFactory(is_creator=True)
    post = post_create(user=creator, text="Love this mug", product_ids=[mug.pk])
    response = add(buyer_api, mug_variant, 1, post_id=post.pk)
    assert response.status_code == 201
    assert response.json()["lines"][0]["attribution"] == {"post_id": post.pk, "share_code": None}
    line = CartLine.objects.get()
    assert line.creator == creator and line.attributed_at is not None


def test_a_post_that_does_not_tag_the_product_is_refused(buyer_api, mug_variant):
    post = post_create(user=UserFactory(), text="Unrelated")
    response = add(buyer_api, mug_variant, 1, post_id=post.pk)
    assert response.status_code == 422
    assert "post_id" in response.json()["error"]["fields"]


def test_the_share_cookie_attributes_the_line_but_never_to_the_buyer(
    buyer, buyer_api, mug, mug_variant
):
    sharer = UserFactory()
    link = ShareLink.objects.create(code="abc123", sharer=sharer, product=mug)
    own = ShareLink.objects.create(code="mine42", sharer=buyer, product=mug)
    buyer_api.client.cookies["agora_ref"] = own.code
    add(buyer_api, mug_variant, 1)
    assert CartLine.objects.get().share_link is None
    buyer_api.client.cookies["agora_ref"] = link.code
    response = add(buyer_api, mug_variant, 1)
    assert response.json()["lines"][0]["attribution"]["share_code"] == "abc123"


def _fill(api, shop, count):
    for _ in range(count):
        product = ProductFactory(shop=shop, variants=[{"options": {}, "stock": 5}])
        add(api, product.variants.get(), 1)


def test_the_cart_reads_in_the_same_number_of_queries_for_2_and_8_lines(
    buyer_api, seller_shop, django_assert_num_queries
):
    # cart, lines with variant/product/shop, personalization fields, images (the token
    # comes from the cache)
    _fill(buyer_api, seller_shop, 2)
    with django_assert_num_queries(4):
        assert len(buyer_api.get("/cart").json()["lines"]) == 2
    _fill(buyer_api, seller_shop, 6)
    with django_assert_num_queries(4):
        assert len(buyer_api.get("/cart").json()["lines"]) == 8


def test_checking_out_five_lines_takes_at_most_forty_queries(
    buyer_api, seller_shop, django_assert_max_num_queries
):
    from tests.commerce.conftest import checkout

    _fill(buyer_api, seller_shop, 5)
    with django_assert_max_num_queries(40):
        assert checkout(buyer_api).status_code == 201
