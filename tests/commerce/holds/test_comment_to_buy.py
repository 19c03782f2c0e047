"""Comment-to-buy from the commenter's side: "SOLD blue M" puts a held dress in the cart."""

import pytest

from agora.commerce.models import Hold
from agora.social.models import Comment, Notification
from tests.commerce.holds.conftest import cart_lines_of
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _comment(api, post, text):
    response = api.post(f"/posts/{post.pk}/comments", {"text": text})
    assert response.status_code == 201, response.content
    return response.json()


def _reply_to(comment_id):
    return Comment.objects.get(parent_id=comment_id).text


def test_sold_blue_m_holds_one_unit_puts_it_in_the_cart_and_answers(
    sold_post, ana, ana_api, variant
):
    # given 3 blue M on sale
    blue_m = variant("blue", "M")
    # when Ana comments
    comment = _comment(ana_api, sold_post, "SOLD blue M")
    # then one unit is held for her for 15 minutes, in her cart, with the post as its source
    hold = Hold.objects.get(user=ana)
    assert (hold.variant_id, hold.status, hold.quantity) == (blue_m.pk, "active", 1)
    assert 14 * 60 < (hold.expires_at - hold.created_at).total_seconds() <= 15 * 60
    [line] = cart_lines_of(ana)
    assert (line.variant_id, line.quantity, line.hold_id, line.post_id) == (
        blue_m.pk,
        1,
        hold.pk,
        sold_post.pk,
    )
    blue_m.refresh_from_db()
    assert (blue_m.stock, blue_m.reserved, blue_m.available) == (3, 1, 2)
    # and the shop answers in the thread with the checkout link, and Ana is notified
    reply = _reply_to(comment["id"])
    assert reply.startswith("@ana Reserved for you for 15 minutes: Dress (blue / M)")
    assert reply.endswith("/cart")
    assert reply.split()[-1].startswith("http")
    note = Notification.objects.get(recipient=ana, kind="reply")
    assert note.actor.name == "kinderkram"
    # and the cart API shows the line
    cart = ana_api.get("/cart").json()
    assert [(x["variant_id"], x["quantity"]) for x in cart["lines"]] == [(blue_m.pk, 1)]


def test_the_post_shows_three_left_then_two_left_after_a_hold(sold_post, ana_api, make_api):
    # given the post's product card (5 on sale: 2 blue S, 3 blue M)
    viewer = make_api(UserFactory())

    def left():
        return viewer.get(f"/posts/{sold_post.pk}").json()["products"][0]["available"]

    assert left() == 5
    # when Ana holds a blue M
    _comment(ana_api, sold_post, "sold M blue")
    # then one fewer is on sale
    assert left() == 4


def test_commenting_twice_holds_once(sold_post, ana, ana_api, variant):
    _comment(ana_api, sold_post, "SOLD blue M")
    second = _comment(ana_api, sold_post, "sold BLUE m")
    assert Hold.objects.filter(user=ana).count() == 1
    [line] = cart_lines_of(ana)
    assert line.quantity == 1
    assert variant("blue", "M").reserved == 1
    assert "Reserved for you" in _reply_to(second["id"])


def test_an_ambiguous_comment_lists_the_options_on_sale(sold_post, ana, ana_api):
    # "SOLD" alone: blue S and blue M are on sale (red M is sold out)
    comment = _comment(ana_api, sold_post, "SOLD")
    assert not Hold.objects.filter(user=ana).exists()
    assert cart_lines_of(ana) == []
    assert _reply_to(comment["id"]) == (
        "@ana Which one would you like? Comment SOLD with one of: blue / S, blue / M"
    )


def test_a_sold_out_choice_is_answered_sorry(sold_post, ana, ana_api):
    comment = _comment(ana_api, sold_post, "SOLD red M")
    assert not Hold.objects.exists()
    assert _reply_to(comment["id"]) == "@ana Sold out, sorry!"


def test_an_unknown_choice_is_answered_with_the_values_that_exist(sold_post, ana, ana_api):
    comment = _comment(ana_api, sold_post, "SOLD XXL")
    assert not Hold.objects.exists()
    assert (
        _reply_to(comment["id"])
        == "@ana We don't have that one. Available: Color: blue; Size: S, M"
    )


def test_the_last_unit_goes_to_the_first_commenter(sold_post, variant, make_api):
    # given 2 blue S
    people = [UserFactory() for _ in range(3)]
    for person in people:
        _comment(make_api(person), sold_post, "SOLD blue S")
    assert Hold.objects.filter(variant=variant("blue", "S")).count() == 2
    assert cart_lines_of(people[2]) == []
    blue_s = variant("blue", "S")
    assert (blue_s.reserved, blue_s.available) == (2, 0)


def test_ordinary_comments_and_the_shops_own_comments_hold_nothing(
    sold_post, seller, ana_api, make_api
):
    _comment(ana_api, sold_post, "What a lovely dress, is it cotton?")
    _comment(make_api(seller), sold_post, "SOLD blue M")  # the shop's team
    assert not Hold.objects.exists()
    assert Comment.objects.count() == 2  # no answers either


def test_a_single_variant_product_needs_no_option(seller, shop, ana, ana_api):
    from agora.social.services.posts import post_create

    mug = ProductFactory(shop=shop, title="Mug", options=[], variants=[{"options": {}, "stock": 1}])
    post = post_create(
        user=seller, as_shop=shop.handle, text="Mug!", product_ids=[mug.pk],
        comment_to_buy={"keyword": "MINE"},
    )  # fmt: skip
    _comment(ana_api, post, "mine please")
    assert Hold.objects.get(user=ana).variant_id == mug.variants.get().pk


def test_a_french_shop_answers_in_french(seller, shop, sold_post, ana, ana_api):
    shop.language = "fr"
    shop.save(update_fields=["language"])
    comment = _comment(ana_api, sold_post, "SOLD taille M bleu")
    assert Hold.objects.filter(user=ana).exists()
    assert _reply_to(comment["id"]).startswith("@ana Réservé pour vous pendant 15 minutes")


# --- turning it on -------------------------------------------------------------------------
def test_a_shop_turns_it_on_with_a_keyword_and_the_post_says_so(seller, shop, dress, make_api):
    api = make_api(seller)
    body = {"text": "Dress", "product_ids": [dress.pk], "as_shop": shop.handle}
    created = api.post("/posts", {**body, "comment_to_buy": {"keyword": "MINE"}})
    assert created.status_code == 201, created.content
    assert created.json()["comment_to_buy"] == {"keyword": "MINE"}
    default = api.post("/posts", {**body, "comment_to_buy": True}).json()
    assert default["comment_to_buy"] == {"keyword": "SOLD"}
    off = api.patch(f"/posts/{default['id']}", {"comment_to_buy": False}).json()
    assert off["comment_to_buy"] is None


def test_only_a_shop_posting_as_itself_can_turn_it_on(seller, shop, dress, make_api):
    api = make_api(seller)
    response = api.post(
        "/posts", {"text": "Dress", "product_ids": [dress.pk], "comment_to_buy": True}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_it_needs_exactly_one_tagged_product(seller, shop, dress, make_api):
    api = make_api(seller)
    other = ProductFactory(shop=shop)
    for ids in ([], [dress.pk, other.pk]):
        response = api.post(
            "/posts",
            {"text": "x", "product_ids": ids, "as_shop": shop.handle, "comment_to_buy": True},
        )
        assert response.status_code == 422
        assert "comment_to_buy" in response.json()["error"]["fields"]


def test_tagging_a_second_product_on_a_selling_post_is_refused(sold_post, seller, shop, make_api):
    other = ProductFactory(shop=shop)
    response = make_api(seller).patch(
        f"/posts/{sold_post.pk}", {"product_ids": [sold_post.products.get().pk, other.pk]}
    )
    assert response.status_code == 422
    assert sold_post.products.count() == 1


def test_every_link_in_a_comment_to_buy_reply_answers_200_for_the_buyer(
    sold_post, ana, ana_api, client, settings
):
    """Issue 11 #10: the "Reserved for you" reply used to link to /cart/, a 404."""
    import re

    comment = _comment(ana_api, sold_post, "SOLD blue M")
    reply = Comment.objects.get(parent_id=comment["id"])
    client.force_login(ana)
    page = client.get(f"/posts/{sold_post.pk}").content.decode()
    start = page.index(f'id="comment-{reply.pk}"')
    html = page[start : page.index("</li>", start)]
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert any(h.startswith(settings.AGORA_BASE_URL) for h in hrefs)  # the cart link
    assert "/@ana" in hrefs  # the mention
    for href in hrefs:
        path = href.removeprefix(settings.AGORA_BASE_URL)
        assert path.startswith("/"), href
        assert client.get(path).status_code == 200, href
    assert (
        "Dress"
        in client.get(reply.text.split()[-1].removeprefix(settings.AGORA_BASE_URL)).content.decode()
    )


def test_a_french_shop_names_the_options_in_french(seller, shop, sold_post, ana, ana_api):
    shop.language = "fr"
    shop.save(update_fields=["language"])
    comment = _comment(ana_api, sold_post, "SOLD XXL")
    assert _reply_to(comment["id"]).endswith("Disponible : Couleur : blue; Taille : S, M")
