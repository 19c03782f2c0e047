"""The product page from its cached parts: whoever looks sees what is current and what is
theirs (their like, their lists, the shop's tools), never someone else's; the CSRF token never
reaches the cache; a warm page reads only what can change, in a fixed number of queries."""

import re

import pytest
from django.core.cache import caches

from agora.catalog.models import Category, PersonalizationField, Product, Variant
from agora.catalog.schemas import ProductChanges
from agora.catalog.services.products import product_archive, product_update
from agora.discovery.models import ProductTrend
from agora.discovery.services.picklists import picklist_create, picklist_item_add
from agora.shops.models import Shop
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import product_like_set
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/@atelier/products/linen-dress"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def maya(db):
    return UserFactory(username="maya", display_name="Maya Roux")


@pytest.fixture
def dress(maya, add_media):
    shop = ShopFactory(handle="atelier", name="Atelier Nord", owner=maya)
    dress = ProductFactory(
        shop=shop,
        title="Linen dress",
        slug="linen-dress",
        description="Washed linen.",
        price_amount=14900,
        category=Category.objects.create(name="Dresses", slug="dresses"),
        options=[{"name": "size", "values": ["S", "M"]}],
        variants=[{"options": {"size": "S"}, "stock": 9}, {"options": {"size": "M"}, "stock": 2}],
    )
    PersonalizationField.objects.create(product=dress, name="Initials", max_length=3)
    add_media(dress, angle="front", alt="The dress from the front")
    add_media(dress, angle="back", alt="The dress from the back", position=1)
    trousers = ProductFactory(shop=shop, title="Linen trousers", category=dress.category)
    add_media(trousers, angle="front", alt="Trousers")
    return dress


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", display_name="Ana Lima")


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    html = TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', html)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)


def test_the_page_from_the_cache_is_the_page_rendered_afresh(client, dress, ana):
    client.force_login(ana)
    fresh = page(client)
    warm = page(client)

    assert without_tokens(warm) == without_tokens(fresh)
    assert "Linen dress" in warm and "Initials" in warm
    suggested = warm[warm.index("You may also like") :]
    assert "Linen trousers" in suggested
    assert 'alt="Trousers"' in suggested and "320w" in suggested  # its picture, thumbnails


def test_the_csrf_token_never_reaches_the_cache(client, dress, ana):
    client.force_login(ana)
    html = page(client)
    page(client)
    tokens = set(TOKEN.findall(html)) | {client.cookies["csrftoken"].value}

    stored = b"".join(caches["default"].stored_values())
    assert stored and all(token.encode() not in stored for token in tokens)
    # and every form of the page carries this request's token
    assert len(TOKEN.findall(html)) >= 4 and set(TOKEN.findall(html)) == {TOKEN.findall(html)[0]}


def test_each_viewer_sees_their_own_like(client, dress, ana):
    bob = UserFactory(username="bob")
    product_like_set(user=ana, product=dress)

    client.force_login(ana)
    mine = page(client)
    client.force_login(bob)
    theirs = page(client)
    client.logout()
    visitor = page(client)

    assert 'aria-pressed="true"' in mine and "Liked" in mine
    assert 'aria-pressed="false"' in theirs and "Liked" not in theirs
    assert f'action="/products/{dress.pk}/unlike"' in mine
    assert f'action="/products/{dress.pk}/like"' in theirs
    assert 'href="/login?next=/%40atelier/products/linen-dress"' in visitor


def test_the_shop_team_gets_its_tools_after_a_visitor_warmed_the_page(client, dress, maya, ana):
    post_create(user=ana, text="Wearing it today", product_ids=[dress.pk])
    page(client)  # a visitor first

    client.force_login(maya)
    team = page(client)
    client.force_login(ana)
    shopper = page(client)

    assert "Manage this product" in team and "Manage this product" not in shopper
    assert 'name="state" value="featured"' in team
    assert 'name="state" value="featured"' not in shopper
    assert "Wearing it today" in team and "Wearing it today" in shopper


def test_the_viewers_own_lists_are_offered_and_no_one_elses(client, dress, ana):
    bob = UserFactory(username="bob")
    picklist_create(user=ana, title="Summer wishlist", description="")
    picklist_create(user=bob, title="Bob's picks", description="")

    client.force_login(ana)
    mine = page(client)
    client.force_login(bob)
    theirs = page(client)

    assert "Summer wishlist" in mine and "Bob&#x27;s picks" not in mine
    assert "Bob&#x27;s picks" in theirs and "Summer wishlist" not in theirs


def _description(dress, maya):
    product_update(actor=maya, product=dress, changes=ProductChanges(description="Cut in Lille."))


def _personalization(dress, maya):
    changes = ProductChanges(personalization_fields=[{"name": "Monogram", "max_length": 4}])
    product_update(actor=maya, product=dress, changes=changes)


def _stock(dress, maya):
    Variant.objects.filter(product=dress).update(stock=1)


def _photo(dress, maya, add_media):
    add_media(dress, angle="detail", alt="The linen up close", position=2)


def _shop(dress, maya):
    Shop.objects.filter(pk=dress.shop_id).update(name="Atelier Nord Paris")


def _category(dress, maya):
    Category.objects.filter(pk=dress.category_id).update(name="Summer dresses")


def _post(dress, maya):
    post_create(user=UserFactory(username="lou"), text="Love the cut", product_ids=[dress.pk])


def _comment(dress, maya):
    comment_create(user=UserFactory(username="lou"), product=dress, text="True to size?")


def _picklist(dress, maya):
    curator = UserFactory(username="lou")
    picklist = picklist_create(user=curator, title="Linen for summer", description="")
    picklist_item_add(user=curator, picklist=picklist, product_id=dress.pk)


def _popular(dress, maya):
    ProductTrend.objects.create(product=dress, popular=True, heat=10)


def _like(dress, maya):
    product_like_set(user=UserFactory(username="lou"), product=dress)


CHANGES = {
    "description": (_description, "Cut in Lille."),
    "personalization": (_personalization, "Monogram"),
    "stock": (_stock, "Only 1 left"),
    "photo": (_photo, ">Detail</a>"),
    "shop": (_shop, "Atelier Nord Paris"),
    "category": (_category, "Summer dresses"),  # in the page's JSON-LD
    "community": (_post, "Love the cut"),
    "comment": (_comment, "True to size?"),
    "picklist": (_picklist, "In 1 pick list"),
    "popular": (_popular, "Popular on Agora"),
    "like": (_like, '<span class="count">1</span>'),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once(client, dress, maya, ana, add_media, change):
    make, shown = CHANGES[change]
    client.force_login(ana)
    before = page(client)
    assert shown not in before

    make(dress, maya, add_media) if make is _photo else make(dress, maya)

    assert shown in page(client)


def test_an_archived_product_is_gone_at_once(client, dress, maya, ana):
    client.force_login(ana)
    page(client)
    product_archive(actor=maya, product=dress)

    assert client.get(URL).status_code == 404
    client.force_login(maya)
    assert "Archived" in page(client)


def test_the_gallery_links_keep_this_requests_query(client, dress):
    page(client, "?lang=fr")
    html = page(client, "?opt-size=M")

    assert "?opt-size=M&amp;media=" in html
    assert "lang=fr&amp;media=" not in html and 'name="lang"' not in html
    assert "Only 2 left" in html


def test_each_choice_of_options_shows_as_chosen_even_when_none_is_sold(client, maya):
    ProductFactory(
        shop=ShopFactory(handle="atelier", owner=maya),
        slug="linen-dress",
        options=[
            {"name": "color", "values": ["Red", "Blue"]},
            {"name": "size", "values": ["S", "M"]},
        ],
        variants=[
            {"options": {"color": "Red", "size": "S"}, "stock": 3},
            {"options": {"color": "Blue", "size": "M"}, "stock": 3},
        ],
    )
    first = page(client, "?opt-color=Red&opt-size=M")
    second = page(client, "?opt-color=Blue&opt-size=S")

    for html, checked in ((first, ("Red", "M")), (second, ("Blue", "S"))):
        assert "This combination isn" in html
        for value in checked:
            assert f'value="{value}" checked' in html


def test_the_post_a_shopper_came_from_stays_in_the_buy_form(client, dress):
    assert 'name="post_id" value="12"' in page(client, "?post=12")
    assert 'name="post_id"' not in page(client)


@pytest.mark.parametrize("size", [5, 30])
def test_a_warm_page_reads_a_fixed_number_of_queries(
    client, ana, add_media, size, django_assert_num_queries
):
    shop = ShopFactory(handle="atelier")
    category = Category.objects.create(name="Dresses", slug="dresses")
    for i in range(size):
        other = ProductFactory(shop=shop, category=category)
        if i < 3:
            add_media(other, angle="front")
    ProductFactory(
        shop=shop,
        slug="linen-dress",
        category=category,
        options=[{"name": "size", "values": [str(i) for i in range(size)]}],
        variants=[{"options": {"size": str(i)}, "stock": i} for i in range(size)],
    )
    product = Product.objects.get(slug="linen-dress")
    for i in range(min(size, 8)):
        add_media(product, angle="detail", position=i)
    for i in range(size):
        PersonalizationField.objects.create(product=product, name=f"Line {i}", max_length=10)
        post_create(user=UserFactory(), text=f"Mine #{i}", product_ids=[product.pk])
    picklist_create(user=ana, title="Summer wishlist", description="")
    client.force_login(ana)
    page(client)

    # 2: the session and the person. 3: the product with every fact shown beside it, its
    # variants, its media. 1: the viewer's pick lists. 1: "You may also like" (co-engagement
    # and the category's, with their pictures). 1: the community tiles with their photos. 1:
    # the site header (the viewer's shops and stored counts).
    with django_assert_num_queries(9):
        page(client)
