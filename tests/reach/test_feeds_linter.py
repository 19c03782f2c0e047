"""The feed linter: the shop team sees which products miss a field Meta, Google or Pinterest
requires, with a link to fix each one, on `/dashboard/<handle>/feeds` and from
`manage.py lint_feeds`."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from lxml import html as lxml_html

from agora.catalog.models import Product
from agora.shops.models import ShopMember
from tests.factories import ProductFactory, ShopFactory, UserFactory, product_media

BASE = settings.AGORA_BASE_URL


@pytest.fixture
def untidy(shop):
    """Three products with problems, and one without."""
    no_photo = ProductFactory(shop=shop, title="Wool scarf", brand="Nord", description="Warm.")
    no_brand = ProductFactory(shop=shop, title="Cotton cap", description="A cap.")
    product_media(no_brand)
    empty = ProductFactory(shop=shop, title="Silk tie", brand="Nord", description="  ")
    product_media(empty)
    fine = ProductFactory(shop=shop, title="Linen shirt", brand="Nord", description="Crisp.")
    product_media(fine)
    ProductFactory(shop=shop, title="Draft hat", status=Product.Status.DRAFT)
    return {"no_photo": no_photo, "no_brand": no_brand, "empty": empty, "fine": fine}


def test_the_linter_lists_each_product_missing_a_field_per_target(client, owner, shop, untidy):
    client.force_login(owner)
    response = client.get("/dashboard/atelier/feeds")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    items = {
        item.xpath("string(.//a[contains(@class, 'feeds-lint-title')])"): item
        for item in tree.xpath("//li[contains(@class, 'feeds-lint-item')]")
    }
    assert set(items) == {"Wool scarf", "Cotton cap", "Silk tie"}

    def problems(title):
        return [" ".join(li.text_content().split()) for li in items[title].xpath(".//ul/li")]

    assert problems("Wool scarf") == [
        "No photo · required by Meta Commerce Manager Google Merchant Center Pinterest"
    ]
    assert problems("Cotton cap") == [
        "No brand · required by Meta Commerce Manager Google Merchant Center"
    ]
    assert problems("Silk tie") == [
        "Empty description · required by Meta Commerce Manager Google Merchant Center Pinterest"
    ]
    # Only the product without a photo is left out of the feeds
    assert "Left out of the feeds" in items["Wool scarf"].text_content()
    assert "Left out of the feeds" not in items["Cotton cap"].text_content()
    # Each links to its edit page
    edit = items["Cotton cap"].xpath(".//a[contains(@class, 'feeds-lint-edit')]/@href")[0]
    assert edit == f"/dashboard/atelier/products/{untidy['no_brand'].pk}/edit"
    # And the three feed addresses are there to copy
    urls = tree.xpath("//input[@readonly]/@value")
    assert urls == [
        BASE + "/feeds/atelier/meta.csv",
        BASE + "/feeds/atelier/google.xml",
        BASE + "/feeds/atelier/pinterest.csv",
    ]


def test_a_tidy_shop_is_told_so(client, owner, shop, dress):
    client.force_login(owner)
    response = client.get("/dashboard/atelier/feeds")
    assert b"Every active product has what the three feeds require." in response.content


def test_staff_see_the_linter_and_others_get_404(client, shop, untidy):
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    client.force_login(staff)
    assert client.get("/dashboard/atelier/feeds").status_code == 200
    client.force_login(UserFactory())
    assert client.get("/dashboard/atelier/feeds").status_code == 404
    assert client.get("/dashboard/nobody/feeds").status_code == 404
    client.logout()
    response = client.get("/dashboard/atelier/feeds")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_linter_page_queries_stay_constant(client, owner, shop, untidy, django_assert_num_queries):
    client.force_login(owner)
    client.get("/dashboard/atelier/feeds")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/atelier/feeds")
    for _ in range(20):
        ProductFactory(shop=shop)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dashboard/atelier/feeds")
    assert response.content.count(b"feeds-lint-item") == 23
    assert len(many.captured_queries) == len(few.captured_queries)


def test_lint_feeds_command_lists_what_to_fix(shop, untidy):
    other = ShopFactory(handle="kyoto")
    ProductFactory(shop=other, title="Tea bowl", brand="Kyo", description="Raku.")
    out = io.StringIO()
    call_command("lint_feeds", stdout=out)
    text = out.getvalue()
    assert "@atelier: 3 product(s) to fix" in text
    assert "@kyoto: 1 product(s) to fix" in text
    assert "Wool scarf" in text and "No photo: required by Meta Commerce Manager" in text
    assert "(left out of the feeds)" in text
    assert "Linen shirt" not in text
    assert f"{BASE}/dashboard/atelier/products/{untidy['no_brand'].pk}/edit" in text
    assert text.rstrip().endswith("4 product(s) to fix.")

    out = io.StringIO()
    call_command("lint_feeds", "--shop", "kyoto", stdout=out)
    assert "@atelier" not in out.getvalue() and "Tea bowl" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("lint_feeds", "--shop", "nobody", stdout=io.StringIO())
