"""Sellers create and edit products, variants and personalization fields from the dashboard."""

import pytest
from django.urls import reverse

from agora.catalog.models import PersonalizationField, Product, Variant
from tests.dashboard.helpers import new_product_data, product_form_data
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_url(shop):
    return reverse("dashboard:product-new", args=[shop.handle])


def edit_url(product):
    return reverse("dashboard:product-edit", args=[product.shop.handle, product.pk])


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


def test_seller_creates_a_product_with_two_variants_and_a_personalization_field(owner_client, shop):
    data = new_product_data(
        title="Name mug",
        price="19.99",
        options=["size", "color"],
        variants=[
            {"sku": "MUG-S-RED", "values": ["S", "red"], "stock": 4},
            {"sku": "MUG-L-RED", "values": ["L", "red"], "stock": 2, "price": "24.50"},
        ],
        personalization=[
            {"name": "Name on the mug", "max_length": 12, "allowed": "ABC", "surcharge": "3.00"}
        ],
    )

    response = owner_client.post(new_url(shop), data)

    product = Product.objects.get(shop=shop)
    assert response.status_code == 302
    assert response.url == edit_url(product)
    assert product.title == "Name mug"
    assert product.price_amount == 1999
    assert product.currency == "EUR"
    assert product.options == [
        {"name": "size", "values": ["S", "L"]},
        {"name": "color", "values": ["red"]},
    ]
    variants = list(product.variants.order_by("position"))
    assert [(v.sku, v.options, v.stock, v.price_amount) for v in variants] == [
        ("MUG-S-RED", {"size": "S", "color": "red"}, 4, None),
        ("MUG-L-RED", {"size": "L", "color": "red"}, 2, 2450),
    ]
    field = PersonalizationField.objects.get(product=product)
    assert (field.name, field.max_length, field.allowed_characters, field.surcharge_amount) == (
        "Name on the mug",
        12,
        "ABC",
        300,
    )


def test_the_edit_page_shows_what_was_saved(owner_client, shop):
    owner_client.post(
        new_url(shop),
        new_product_data(
            options=["size"], variants=[{"sku": "SHIRT-M", "values": ["M"], "stock": 3}]
        ),
    )
    product = Product.objects.get(shop=shop)

    page = owner_client.get(edit_url(product))

    assert page.status_code == 200
    html = page.content.decode()
    assert "was created" in html
    assert 'value="SHIRT-M"' in html
    assert 'value="size"' in html
    assert 'value="49.00"' in html


@pytest.mark.parametrize("price", ["abc", "-5", "19.999", ""])
def test_an_invalid_price_is_shown_next_to_the_price_and_nothing_is_created(
    owner_client, shop, price
):
    data = new_product_data(price=price, variants=[{"sku": "A-1", "stock": 1}])

    response = owner_client.post(new_url(shop), data)

    assert response.status_code == 422
    assert response.context["form"].errors["price"]
    html = response.content.decode()
    assert 'id="id_price_error"' in html
    assert "Nothing was saved" in html
    assert not Product.objects.exists()
    assert not Variant.objects.exists()


def test_a_duplicate_sku_is_shown_on_the_second_row_and_nothing_is_created(owner_client, shop):
    data = new_product_data(
        options=["size"],
        variants=[
            {"sku": "DUP", "values": ["S"], "stock": 1},
            {"sku": "dup", "values": ["M"], "stock": 1},
        ],
    )

    response = owner_client.post(new_url(shop), data)

    assert response.status_code == 422
    rows = response.context["variants"].forms
    assert not rows[0].errors
    assert rows[1].errors["sku"] == ["SKUs must be unique."]
    assert 'id="id_variants-1-sku_error"' in response.content.decode()
    assert not Product.objects.exists()


def test_a_sku_used_by_another_product_of_the_shop_is_refused(owner_client, shop):
    ProductFactory(shop=shop, variants=[{"sku": "TAKEN", "stock": 1}])
    data = new_product_data(title="Second", variants=[{"sku": "TAKEN", "stock": 1}])

    response = owner_client.post(new_url(shop), data)

    assert response.status_code == 422
    assert "already used in this shop" in response.content.decode()
    assert not Product.objects.filter(title="Second").exists()


def test_an_option_value_without_an_option_name_is_refused(owner_client, shop):
    data = new_product_data(variants=[{"sku": "X-1", "values": ["", "blue"], "stock": 1}])

    response = owner_client.post(new_url(shop), data)

    assert response.status_code == 422
    assert response.context["variants"].forms[0].errors["value_1"]
    assert not Product.objects.exists()


def test_a_personalization_field_without_a_name_is_shown_on_its_row(owner_client, shop):
    data = new_product_data(personalization=[{"name": "", "surcharge": "2.00"}])

    response = owner_client.post(new_url(shop), data)

    assert response.status_code == 422
    assert response.context["personalization"].forms[0].errors["name"]
    assert not Product.objects.exists()


def test_seller_edits_a_variants_stock(owner_client, shop):
    product = ProductFactory(shop=shop)
    small, medium = product.variants.order_by("position")
    data = product_form_data(owner_client.get(edit_url(product)))
    data["variants-1-stock"] = "42"

    response = owner_client.post(edit_url(product), data)

    assert response.status_code == 302
    small.refresh_from_db()
    medium.refresh_from_db()
    assert (small.stock, medium.stock) == (5, 42)
    assert product.variants.count() == 2


def test_ticking_remove_deletes_the_variant_and_blank_rows_add_one(owner_client, shop):
    product = ProductFactory(shop=shop)
    data = product_form_data(owner_client.get(edit_url(product)))
    data["variants-0-DELETE"] = "on"
    data["variants-2-sku"] = "NEW-L"
    data["variants-2-value_0"] = "L"
    data["variants-2-stock"] = "7"

    response = owner_client.post(edit_url(product), data)

    assert response.status_code == 302
    skus = {v.sku: (v.options, v.stock) for v in product.variants.all()}
    assert len(skus) == 2
    assert skus["NEW-L"] == ({"size": "L"}, 7)
    product.refresh_from_db()
    assert product.options == [{"name": "size", "values": ["M", "L"]}]


def test_stock_below_reserved_is_refused_next_to_the_stock(owner_client, shop):
    product = ProductFactory(shop=shop, variants=[{"sku": "HELD", "stock": 5, "reserved": 3}])
    data = product_form_data(owner_client.get(edit_url(product)))
    data["variants-0-stock"] = "2"

    response = owner_client.post(edit_url(product), data)

    assert response.status_code == 422
    assert response.context["variants"].forms[0].errors["stock"]
    assert Variant.objects.get(sku="HELD").stock == 5


def test_removing_every_variant_is_refused(owner_client, shop):
    product = ProductFactory(shop=shop)
    data = product_form_data(owner_client.get(edit_url(product)))
    data["variants-0-DELETE"] = data["variants-1-DELETE"] = "on"

    response = owner_client.post(edit_url(product), data)

    assert response.status_code == 422
    assert "at least one variant" in response.content.decode()
    assert product.variants.count() == 2


def test_seller_archives_a_product(owner_client, shop):
    product = ProductFactory(shop=shop)

    response = owner_client.post(
        reverse("dashboard:product-archive", args=[shop.handle, product.pk])
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED


def test_staff_can_edit_products(client, shop):
    staff = UserFactory()
    shop.members.create(user=staff, role="staff")
    product = ProductFactory(shop=shop, title="Old title")
    client.force_login(staff)
    data = product_form_data(client.get(edit_url(product)))
    data["title"] = "New title"

    response = client.post(edit_url(product), data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "New title"


def test_a_non_member_gets_404_and_changes_nothing(client, shop):
    product = ProductFactory(shop=shop, title="Mine")
    stranger = UserFactory()
    ShopFactory(owner=stranger)
    client.force_login(stranger)
    data = new_product_data(title="Hijacked", variants=[{"sku": "H-1", "stock": 1}])

    assert client.get(new_url(shop)).status_code == 404
    assert client.get(edit_url(product)).status_code == 404
    assert client.post(new_url(shop), data).status_code == 404
    assert client.post(edit_url(product), data).status_code == 404
    archive = reverse("dashboard:product-archive", args=[shop.handle, product.pk])
    assert client.post(archive).status_code == 404

    product.refresh_from_db()
    assert (product.title, product.status) == ("Mine", "active")
    assert not Product.objects.filter(title="Hijacked").exists()


def test_a_product_of_another_shop_is_not_found_under_my_shop(owner_client, shop):
    other = ProductFactory()

    url = reverse("dashboard:product-edit", args=[shop.handle, other.pk])

    assert owner_client.get(url).status_code == 404


def test_a_french_seller_may_type_the_price_with_a_decimal_comma(owner_client, shop):
    data = new_product_data(price="19,99", variants=[{"sku": "FR-1", "stock": 1}])

    response = owner_client.post(new_url(shop) + "?lang=fr", data)

    assert response.status_code == 302
    assert Product.objects.get(shop=shop).price_amount == 1999


def test_an_anonymous_post_is_sent_to_sign_in_and_creates_nothing(client, shop):
    data = new_product_data(variants=[{"sku": "ANON-1", "stock": 1}])

    response = client.post(new_url(shop), data)

    assert response.status_code == 302
    assert not Product.objects.exists()
