"""Reviews over the API: verified purchase, one review per person, edits by the author only,
the product's rating, helpful votes, the shop's reply, bad input named."""

import pytest

from agora.commerce.services.refunds import order_refund
from agora.community.models import Review
from agora.community.services.reviews import review_hidden_set
from agora.engagement.models import Wallet
from agora.engagement.services import loyalty_program_set, points_for_review
from agora.social.models import Notification
from tests.community.factories_reviews import owner_of, pay_for, product_with_variant, review
from tests.factories import MediaAssetFactory, UserFactory

pytestmark = pytest.mark.django_db


def _body(**fields):
    return {"rating": 4, "title": "Lovely", "text": "Fits well.", **fields}


def test_a_paying_buyers_review_is_verified_and_names_the_variant(make_api):
    product, variant = product_with_variant()
    buyer = UserFactory()
    pay_for(buyer, variant)

    response = make_api(buyer).post(f"/products/{product.pk}/reviews", _body())

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["verified_purchase"] is True
    assert data["variant"] == {"id": variant.pk, "options": {"size": "M"}}
    assert data["author"]["handle"] == buyer.username
    assert data["edited"] is False and data["helpful_count"] == 0


def test_a_review_without_payment_is_not_verified(make_api):
    product, _variant = product_with_variant()
    someone = UserFactory()

    data = make_api(someone).post(f"/products/{product.pk}/reviews", _body()).json()

    assert data["verified_purchase"] is False
    assert data["variant"] is None


def test_the_client_cannot_claim_a_verified_purchase(make_api):
    product, _variant = product_with_variant()

    data = (
        make_api(UserFactory())
        .post(f"/products/{product.pk}/reviews", _body(verified_purchase=True, incentivised=True))
        .json()
    )

    assert data["verified_purchase"] is False and data["incentivised"] is False


def test_after_a_full_refund_the_review_is_no_longer_verified(make_api):
    product, variant = product_with_variant()
    buyer = UserFactory()
    order = pay_for(buyer, variant)
    order_refund(order=order, actor=owner_of(product.shop))

    data = make_api(buyer).post(f"/products/{product.pk}/reviews", _body()).json()

    assert data["verified_purchase"] is False


def test_a_second_review_by_the_same_person_is_refused(make_api):
    product, _variant = product_with_variant()
    api = make_api(UserFactory())
    assert api.post(f"/products/{product.pk}/reviews", _body()).status_code == 201

    again = api.post(f"/products/{product.pk}/reviews", _body(rating=1))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_reviewed"
    assert Review.objects.filter(product=product).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "five"}, "rating"),
        ({"title": "x" * 121}, "title"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "nul \x00 byte"}, "text"),
        ({"title": "bell \x07"}, "title"),
        ({"media_ids": [999999]}, "media_ids"),
    ],
)
def test_bad_input_is_refused_naming_the_field(make_api, body, field):
    product, _variant = product_with_variant()

    response = make_api(UserFactory()).post(f"/products/{product.pk}/reviews", _body(**body))

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not Review.objects.exists()


def test_a_product_nobody_may_see_cannot_be_reviewed(make_api):
    product, _variant = product_with_variant(status="draft")

    response = make_api(UserFactory()).post(f"/products/{product.pk}/reviews", _body())

    assert response.status_code == 404


def test_another_person_cannot_edit_a_review(make_api):
    product, _variant = product_with_variant()
    mine = review(product, rating=5)

    response = make_api(UserFactory()).patch(f"/reviews/{mine.pk}", {"rating": 1})

    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.rating == 5 and mine.edited_at is None


def test_the_author_edits_and_the_rating_moves(make_api):
    product, _variant = product_with_variant()
    author = UserFactory()
    mine = review(product, author=author, rating=5)
    review(product, rating=3)

    response = make_api(author).patch(f"/reviews/{mine.pk}", {"rating": 1, "text": "Broke."})

    assert response.status_code == 200, response.content
    assert response.json()["edited"] is True and response.json()["text"] == "Broke."
    rating = make_api().get(f"/products/{product.pk}").json()["rating"]
    assert rating == {
        "average": 2.0,
        "count": 2,
        "distribution": {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0},
    }


def test_editing_only_the_words_keeps_the_rating(make_api):
    product, _variant = product_with_variant()
    author = UserFactory()
    mine = review(product, author=author, rating=4)
    api = make_api(author)

    api.patch(f"/reviews/{mine.pk}", {"text": "Still good."})
    api.patch(f"/reviews/{mine.pk}", {"rating": 4, "title": "Same stars"})

    rating = make_api().get(f"/products/{product.pk}").json()["rating"]
    assert rating == {
        "average": 4.0,
        "count": 1,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }


def test_the_product_api_and_list_carry_the_rating(make_api):
    product, _variant = product_with_variant()
    for stars in (5, 4, 4):
        review(product, rating=stars)

    one = make_api().get(f"/products/{product.pk}").json()["rating"]
    listed = make_api().get("/products").json()["items"]

    assert one == {
        "average": 4.33,
        "count": 3,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
    }
    assert next(p for p in listed if p["id"] == product.pk)["rating"] == one


def test_hidden_reviews_leave_the_average_and_come_back(make_api):
    product, _variant = product_with_variant()
    review(product, rating=5)
    bad = review(product, rating=1)

    assert review_hidden_set(review=bad, hidden=True) is True
    assert review_hidden_set(review=bad, hidden=True) is False
    rating = make_api().get(f"/products/{product.pk}").json()["rating"]
    listed = make_api().get(f"/products/{product.pk}/reviews").json()["items"]

    assert rating["average"] == 5.0 and rating["count"] == 1
    assert [r["rating"] for r in listed] == [5]
    assert make_api(UserFactory()).get(f"/reviews/{bad.pk}").status_code == 404

    review_hidden_set(review=bad, hidden=False)
    assert make_api().get(f"/products/{product.pk}").json()["rating"]["count"] == 2


def test_list_sorts_filters_and_pages(make_api):
    product, _variant = product_with_variant()
    photo = MediaAssetFactory()
    with_photo = review(product, author=photo.uploaded_by, rating=2, media_ids=[photo.pk])
    others = [review(product, rating=n) for n in (5, 3, 4)]
    api = make_api()
    url = f"/products/{product.pk}/reviews"

    def ratings(**query):
        return [r["rating"] for r in api.get(url, query).json()["items"]]

    assert ratings(sort="rating_high") == [5, 4, 3, 2]
    assert ratings(sort="rating_low") == [2, 3, 4, 5]
    assert ratings(sort="newest") == [4, 3, 5, 2]
    assert ratings(rating=3) == [3]
    media_only = api.get(url, {"with_media": "true"}).json()["items"]
    assert [r["id"] for r in media_only] == [with_photo.pk]
    assert media_only[0]["media"][0]["id"] == photo.pk
    first = api.get(url, {"sort": "rating_high", "limit": 3}).json()
    second = api.get(url, {"sort": "rating_high", "limit": 3, "cursor": first["next_cursor"]})
    assert [r["rating"] for r in second.json()["items"]] == [2]
    assert len(others) == 3


def test_helpful_votes_count_once_and_can_be_taken_back(make_api):
    product, _variant = product_with_variant()
    target = review(product)
    api = make_api(UserFactory())

    first = api.post(f"/reviews/{target.pk}/helpful")
    again = api.post(f"/reviews/{target.pk}/helpful")

    assert first.json() == again.json() == {"helpful_count": 1, "helped_by_me": True}
    assert api.get(f"/reviews/{target.pk}").json()["helped_by_me"] is True
    assert api.delete(f"/reviews/{target.pk}/helpful").json() == {
        "helpful_count": 0,
        "helped_by_me": False,
    }


def test_the_author_cannot_vote_for_their_own_review(make_api):
    product, _variant = product_with_variant()
    author = UserFactory()
    mine = review(product, author=author)

    assert make_api(author).post(f"/reviews/{mine.pk}/helpful").status_code == 403


def test_the_shop_replies_once_and_the_author_is_told(make_api):
    product, _variant = product_with_variant()
    author = UserFactory()
    target = review(product, author=author)
    owner = make_api(owner_of(product.shop))

    first = owner.post(f"/reviews/{target.pk}/reply", {"text": "Thank you!"})
    second = owner.post(f"/reviews/{target.pk}/reply", {"text": "Again"})

    assert first.status_code == 201, first.content
    assert first.json()["reply"]["text"] == "Thank you!"
    assert first.json()["reply"]["shop"]["handle"] == product.shop.handle
    assert second.status_code == 409
    assert Notification.objects.filter(
        recipient=author, kind=Notification.Kind.REVIEW_REPLY
    ).exists()


def test_only_the_shops_team_may_reply(make_api):
    product, _variant = product_with_variant()
    target = review(product)

    response = make_api(UserFactory()).post(f"/reviews/{target.pk}/reply", {"text": "Hi"})

    assert response.status_code == 403


def test_a_verified_review_earns_the_shops_review_points_once_and_shows_incentivised(make_api):
    product, variant = product_with_variant()
    owner = owner_of(product.shop)
    loyalty_program_set(
        actor=owner, shop=product.shop, points_per_unit=1, point_value=1, points_per_review=50
    )
    buyer = UserFactory()
    pay_for(buyer, variant)
    before = Wallet.objects.get(person=buyer, shop=product.shop).balance

    data = make_api(buyer).post(f"/products/{product.pk}/reviews", _body()).json()
    again = points_for_review(shop=product.shop, person=buyer, review_id=data["id"])
    stranger = make_api(UserFactory()).post(f"/products/{product.pk}/reviews", _body()).json()

    assert data["incentivised"] is True and data["verified_purchase"] is True
    assert again == 0
    assert Wallet.objects.get(person=buyer, shop=product.shop).balance == before + 50
    assert stranger["incentivised"] is False


def test_the_shop_sets_review_points_over_the_api(make_api):
    product, _variant = product_with_variant()
    api = make_api(owner_of(product.shop))
    body = {"points_per_unit": 1, "point_value": 1, "points_per_review": 25}

    response = api.request("put", f"/shops/{product.shop.handle}/loyalty", body)

    assert response.status_code == 200, response.content
    assert response.json()["points_per_review"] == 25
