"""The analytics panel under a post and a product on their public pages: for the shop's team
(and a post's author) only, loaded lazily so nobody else's page costs a query more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.shops.models import ShopMember
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.insights.factories_events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return UserFactory()


@pytest.fixture
def shop(seller):
    return ShopFactory(owner=seller, currency="EUR")


@pytest.fixture
def product(shop):
    return ProductFactory(
        shop=shop, price_amount=1000, options=[], variants=[{"options": {}, "stock": 100}]
    )


@pytest.fixture
def post(seller, shop, product):
    return post_create(user=seller, text="New mugs", product_ids=[product.pk], as_shop=shop.handle)


def _likes(post, shop, n):
    for _ in range(n):
        EventFactory(
            kind="like", object_type="post", object_id=post.pk, shop_id=shop.pk, actor=UserFactory()
        )


def test_the_post_page_shows_the_panel_to_the_team_only(client, signed_in, seller, shop, post):
    panel = f"/dashboard/{shop.handle}/analytics/posts/{post.pk}/panel"
    assert panel not in client.get(post.get_absolute_url()).content.decode()
    signed_in(UserFactory())
    assert panel not in client.get(post.get_absolute_url()).content.decode()
    assert client.get(panel).status_code == 404
    client.logout()
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    signed_in(staff)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'hx-get="{panel}"' in html
    assert f'href="/dashboard/{shop.handle}/analytics/posts/{post.pk}"' in html  # without JS


def test_the_panel_reports_the_post(signed_in, seller, shop, post):
    _likes(post, shop, 3)
    client = signed_in(seller)
    response = client.get(f"/dashboard/{shop.handle}/analytics/posts/{post.pk}/panel")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dt>Likes</dt><dd>3</dd>" in html
    assert f'href="/dashboard/{shop.handle}/analytics/posts/{post.pk}"' in html


def test_a_person_sees_the_panel_of_their_own_post(client, signed_in):
    author = UserFactory()
    post = post_create(user=author, text="My look")
    signed_in(author)
    panel = f"/dashboard/{author.username}/analytics/posts/{post.pk}/panel"
    assert f'hx-get="{panel}"' in client.get(post.get_absolute_url()).content.decode()
    assert client.get(panel).status_code == 200
    assert client.get(f"/dashboard/{author.username}/analytics/posts/{post.pk}").status_code == 200


def test_the_product_page_shows_the_panel_to_the_team_only(client, signed_in, shop, product):
    panel = f"/dashboard/{shop.handle}/analytics/products/{product.pk}/panel"
    url = product.get_absolute_url()
    assert panel not in client.get(url).content.decode()
    signed_in(UserFactory())
    assert panel not in client.get(url).content.decode()
    assert client.get(panel).status_code == 404
    client.logout()
    staff = UserFactory()
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    signed_in(staff)
    assert f'hx-get="{panel}"' in client.get(url).content.decode()
    response = client.get(panel)
    assert response.status_code == 200 and "<dt>Views</dt>" in response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_panel_costs_the_team_no_query_on_the_page(client, signed_in, seller, shop, post):
    """The page asks nothing of insights: the panel comes in its own request."""
    signed_in(seller)
    url = post.get_absolute_url()
    client.get(url)
    before = _count(client, url)
    _likes(post, shop, 20)
    assert _count(client, url) == before
