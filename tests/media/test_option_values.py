"""A product photo linked to option values through `PATCH /api/v1/media/{id}`: the shop's
team links it, the product's options bound what it may say, the product shows it."""

import pytest

from agora.catalog.models import Product
from agora.shops.models import ShopMember
from tests.factories import UserFactory
from tests.media.helpers import png, upload
from tests.openapi_check import openapi_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def coat(product):
    Product.objects.filter(pk=product.pk).update(
        options=[
            {"name": "color", "values": ["Camel", "Anthracite"]},
            {"name": "size", "values": ["S", "M"]},
        ]
    )
    product.refresh_from_db()
    return product


def test_the_shop_owner_links_a_photo_to_a_colour_and_the_product_shows_it(user_api, coat, api):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()

    response = user_api.patch(f"/media/{photo['id']}", {"option_values": {"color": "Anthracite"}})

    assert response.status_code == 200
    assert response.json()["option_values"] == {"color": "Anthracite"}
    document = api.get("/openapi.json").json()
    assert openapi_errors(document, "patch", "/api/v1/media/{media_id}", response) == []
    product = api.get(f"/products/{coat.pk}").json()
    assert product["media"][0]["option_values"] == {"color": "Anthracite"}
    listed = api.get("/products", {"shop": coat.shop.handle}).json()["items"][0]
    assert listed["media"][0]["option_values"] == {"color": "Anthracite"}


def test_an_empty_map_links_the_photo_to_every_variant_again(user_api, coat):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()
    user_api.patch(f"/media/{photo['id']}", {"option_values": {"color": "Camel", "size": "S"}})

    response = user_api.patch(f"/media/{photo['id']}", {"option_values": {}})

    assert response.status_code == 200
    assert response.json()["option_values"] == {}
    assert user_api.get(f"/media/{photo['id']}").json()["option_values"] == {}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"colour": "Camel"}, "option_values.colour"),
        ({"color": "Crimson"}, "option_values.color"),
        ({"color": ""}, "option_values.color"),
        ({"color": "x" * 61}, "option_values.color"),
    ],
)
def test_an_unknown_option_or_value_is_refused_naming_it(user_api, coat, values, field):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()

    response = user_api.patch(f"/media/{photo['id']}", {"option_values": values})

    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert user_api.get(f"/media/{photo['id']}").json()["option_values"] == {}


def test_a_post_image_cannot_follow_options(user_api):
    image = upload(user_api, "/media", png(), name="a.png").json()

    response = user_api.patch(f"/media/{image['id']}", {"option_values": {"color": "Camel"}})

    assert response.status_code == 422
    assert "option_values" in response.json()["error"]["fields"]


def test_shop_staff_may_link_a_photo(coat, user_api, make_api):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()
    staff = UserFactory()
    ShopMember.objects.create(shop=coat.shop, user=staff, role=ShopMember.Role.STAFF)

    response = make_api(staff).patch(f"/media/{photo['id']}", {"option_values": {"size": "M"}})

    assert response.status_code == 200
    assert response.json()["option_values"] == {"size": "M"}


def test_another_seller_cannot_link_the_photos_of_someone_elses_product(
    user_api, coat, stranger_api
):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()
    change = {"option_values": {"color": "Camel"}}

    # a published product's photo is seen by everyone, changed by its shop only
    seen = stranger_api.patch(f"/media/{photo['id']}", change)
    Product.objects.filter(pk=coat.pk).update(status=Product.Status.DRAFT)
    unseen = stranger_api.patch(f"/media/{photo['id']}", change)

    assert seen.status_code == 403
    assert unseen.status_code == 404
    assert user_api.get(f"/media/{photo['id']}").json()["option_values"] == {}


def test_linking_a_photo_needs_a_token(user_api, coat, api):
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()

    response = api.patch(f"/media/{photo['id']}", {"option_values": {"color": "Camel"}})

    assert response.status_code == 401


def _linked(user_api, coat, values: dict) -> int:
    photo = upload(user_api, f"/products/{coat.pk}/media", png(), name="a.png").json()
    assert user_api.patch(f"/media/{photo['id']}", {"option_values": values}).status_code == 200
    return photo["id"]


def _options(user_api, coat, colors: list[str]) -> None:
    response = user_api.patch(
        f"/products/{coat.pk}",
        {"options": [{"name": "color", "values": colors}, {"name": "size", "values": ["S", "M"]}]},
    )
    assert response.status_code == 200, response.content


def test_a_colour_renamed_in_place_takes_its_photos_along(user_api, coat):
    grey = _linked(user_api, coat, {"color": "Anthracite", "size": "M"})
    camel = _linked(user_api, coat, {"color": "Camel"})

    _options(user_api, coat, ["Camel", "Charcoal"])

    assert user_api.get(f"/media/{grey}").json()["option_values"] == {
        "color": "Charcoal",
        "size": "M",
    }
    assert user_api.get(f"/media/{camel}").json()["option_values"] == {"color": "Camel"}


def test_reordered_colours_keep_their_photos_and_a_removed_one_lets_go(user_api, coat):
    grey = _linked(user_api, coat, {"color": "Anthracite"})
    camel = _linked(user_api, coat, {"color": "Camel"})

    _options(user_api, coat, ["Anthracite", "Camel"])
    assert user_api.get(f"/media/{grey}").json()["option_values"] == {"color": "Anthracite"}
    assert user_api.get(f"/media/{camel}").json()["option_values"] == {"color": "Camel"}

    _options(user_api, coat, ["Anthracite"])
    assert user_api.get(f"/media/{camel}").json()["option_values"] == {}
    assert user_api.get(f"/media/{grey}").json()["option_values"] == {"color": "Anthracite"}
