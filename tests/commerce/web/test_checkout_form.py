"""The checkout form as a shopper meets it: a country list of where the shops ship, named in
the page's language; the address book of a signed-in buyer; countdowns for what is reserved."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from agora.accounts.models import Address
from agora.commerce.models import Order, Payment
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.holds import hold_create
from tests.commerce.web.conftest import ADDRESS, checkout_form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FR = {"accept-language": "fr"}


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def test_the_country_is_a_list_of_the_shops_shipping_countries_named_in_french(
    buyer, buyer_client, fill_cart, mug, shop
):
    shop.shipping_countries = ["BE", "CH", "DE", "FR"]
    shop.save()
    fill_cart(buyer, (mug.variants.get(), 1))

    page = buyer_client.get("/checkout", headers=FR).text

    assert _options(page, "country")[1:] == [
        ("DE", "Allemagne"),
        ("BE", "Belgique"),
        ("FR", "France"),
        ("CH", "Suisse"),
    ]
    # a French page starts on France
    assert '<option value="FR" selected>France</option>' in page


@pytest.mark.parametrize("country", ["France", "US", "", "fr\x00"])
def test_a_country_that_is_not_offered_is_refused_next_to_the_field(
    buyer, buyer_client, fill_cart, mug, country
):
    variant = mug.variants.get()
    fill_cart(buyer, (variant, 1))

    response = buyer_client.post("/checkout", checkout_form(buyer_client, country=country))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["country"]
    assert 'id="id_country_error"' in response.text or "errorlist" in response.text
    assert not Order.objects.exists()
    assert not Address.objects.exists()
    variant.refresh_from_db()
    assert variant.reserved == 0


def test_the_api_refuses_a_country_the_shop_does_not_ship_to(buyer, make_api, mug, shop):
    shop.shipping_countries = ["FR"]
    shop.save()
    api = make_api(buyer)
    api.post("/cart/lines", {"variant_id": mug.variants.get().pk, "quantity": 1})
    body = {
        "email": "ana@example.org",
        "shipping_address": {k: ADDRESS[k] for k in ("name", "line1", "city", "postal_code")}
        | {"country": "DE"},
    }

    response = api.post("/checkout", body, HTTP_IDEMPOTENCY_KEY="k1")

    assert response.status_code == 422
    error = response.json()["error"]
    assert list(error["fields"]) == ["shipping_address.country"]
    assert "Atelier Nord does not ship to Germany." in error["fields"]["shipping_address.country"]
    assert not Order.objects.exists()


def test_the_first_orders_address_is_saved_once_and_offered_next_time(
    buyer, buyer_client, fill_cart, mug
):
    variant = mug.variants.get()
    # given a first order to an address
    fill_cart(buyer, (variant, 1))
    assert buyer_client.post("/checkout", checkout_form(buyer_client)).status_code == 302
    [saved] = Address.objects.filter(user=buyer)
    assert (saved.name, saved.line1, saved.country, saved.is_default) == (
        "Ana Lima",
        "1 rue de la Paix",
        "FR",
        True,
    )
    # a second order to the same address (other letter case) saves nothing new
    fill_cart(buyer, (variant, 1))
    again = checkout_form(buyer_client, line1="1 Rue de la  Paix", saved_address="new")
    assert buyer_client.post("/checkout", again).status_code == 302
    assert Address.objects.filter(user=buyer).count() == 1

    # when the buyer checks out a third time
    fill_cart(buyer, (variant, 2))
    page = buyer_client.get("/checkout")

    # then the saved address is offered, chosen, beside "a new address"
    html = page.text
    assert re.search(rf'value="{saved.pk}" checked>\s*<span><strong>Ana Lima</strong>', html)
    assert "1 rue de la Paix, 69001 Lyon, France" in html
    assert 'value="new">' in html and "A new address" in html
    # and choosing it ships there without typing the address again
    key = page.context["form"].initial["idempotency_key"]
    form = {"email": "ana@example.org", "saved_address": str(saved.pk), "idempotency_key": key}
    assert buyer_client.post("/checkout", form).status_code == 302
    assert Order.objects.latest("id").shipping_address == {
        "name": "Ana Lima",
        "line1": "1 rue de la Paix",
        "line2": "",
        "city": "Lyon",
        "postal_code": "69001",
        "country": "FR",
    }
    assert Payment.objects.count() == 3


def test_a_new_address_needs_its_fields_and_someone_elses_address_is_not_a_choice(
    buyer, buyer_client, fill_cart, mug
):
    Address.objects.create(
        user=buyer, name="Ana", line1="2 quai", city="Lyon", postal_code="69002",
        country="FR", fingerprint="a", is_default=True,
    )  # fmt: skip
    theirs = Address.objects.create(
        user=UserFactory(), name="Bo", line1="3 rue", city="Paris", postal_code="75001",
        country="FR", fingerprint="b",
    )  # fmt: skip
    fill_cart(buyer, (mug.variants.get(), 1))
    key = checkout_form(buyer_client)["idempotency_key"]
    base = {"email": "ana@example.org", "idempotency_key": key}

    new_but_empty = buyer_client.post("/checkout", {**base, "saved_address": "new"})
    not_mine = buyer_client.post("/checkout", {**base, "saved_address": str(theirs.pk)})

    assert new_but_empty.status_code == 422
    assert set(new_but_empty.context["form"].errors) == {
        "name", "line1", "city", "postal_code", "country",
    }  # fmt: skip
    assert not_mine.status_code == 422
    assert "saved_address" in not_mine.context["form"].errors
    assert not Order.objects.exists()


def _saved(user, **fields):
    data = {"name": "Ana Lima", "line1": "1 rue de la Paix", "city": "Lyon"}
    data |= {"postal_code": "69001", "country": "FR", "fingerprint": "x"} | fields
    return Address.objects.create(user=user, **data)


def test_addresses_are_edited_and_deleted_in_settings(buyer, buyer_client):
    home = _saved(buyer, is_default=True)
    work = _saved(buyer, line1="5 cours Lafayette", fingerprint="y")

    listing = buyer_client.get("/settings/addresses", headers=FR).text
    assert "5 cours Lafayette" in listing and "1 rue de la Paix" in listing
    edit = buyer_client.get(f"/settings/addresses/{work.pk}", headers=FR)
    assert ("BE", "Belgique") in _options(edit.text, "country")
    saved = buyer_client.post(
        f"/settings/addresses/{work.pk}",
        {"name": "Ana Lima", "line1": "6 avenue Louise", "postal_code": "1050",
         "city": "Bruxelles", "country": "BE", "is_default": "on"},
    )  # fmt: skip
    assert saved.status_code == 302
    work.refresh_from_db()
    home.refresh_from_db()
    assert (work.line1, work.country, work.is_default, home.is_default) == (
        "6 avenue Louise",
        "BE",
        True,
        False,
    )
    refused = buyer_client.post(
        f"/settings/addresses/{work.pk}",
        {"name": "A", "line1": "x" * 201, "postal_code": "1", "city": "B", "country": "Belgium"},
    )
    assert refused.status_code == 422
    assert set(refused.context["form"].errors) == {"line1", "country"}

    deleted = buyer_client.post(f"/settings/addresses/{work.pk}/delete")

    assert deleted.status_code == 302
    assert list(Address.objects.filter(user=buyer)) == [home]
    home.refresh_from_db()
    assert home.is_default  # the remaining address becomes the default
    assert "6 avenue Louise" not in buyer_client.get("/settings/addresses").text


def test_someone_elses_address_is_not_found_in_settings(buyer_client):
    theirs = _saved(UserFactory())
    url = f"/settings/addresses/{theirs.pk}"

    assert buyer_client.get(url).status_code == 404
    assert buyer_client.post(url, {"name": "Mine now"}).status_code == 404
    assert buyer_client.post(url + "/delete").status_code == 404
    assert Address.objects.get(pk=theirs.pk).name == "Ana Lima"
    assert Client().get("/settings/addresses").status_code == 302  # sign in first


def test_the_payment_page_counts_down_the_payment_window(buyer, buyer_client, fill_cart, mug):
    fill_cart(buyer, (mug.variants.get(), 1))
    payment_url = buyer_client.post("/checkout", checkout_form(buyer_client))["Location"]
    payment = Payment.objects.get()

    page = buyer_client.get(payment_url).text

    deadline = payment.expires_at.isoformat()
    found = re.search(r'<time datetime="([^"]+)">(\d+):(\d\d)</time> left', page)
    assert found and found.group(1) == deadline
    left = int(found.group(2)) * 60 + int(found.group(3))
    assert 29 * 60 < left <= 30 * 60
    assert "/static/commerce/countdown" in page


def test_the_checkout_page_counts_down_a_comment_to_buy_hold(buyer, buyer_client, mug):
    variant = mug.variants.get()
    hold = hold_create(user=buyer, variant=variant, minutes=15)
    Hold = type(hold)
    Hold.objects.filter(pk=hold.pk).update(
        expires_at=timezone.now() + timedelta(minutes=14, seconds=33)
    )
    hold.refresh_from_db()
    cart_line_add(cart=cart_for(user=buyer), variant=variant, quantity=1, hold=hold, user=buyer)

    page = buyer_client.get("/checkout").text

    found = re.search(
        r"Mug is reserved for you:\s*<span class=\"countdown\" data-countdown>"
        r'<time datetime="([^"]+)">(14:3[23])</time> left',
        page,
    )
    assert found, page
    assert found.group(1) == hold.expires_at.isoformat()
