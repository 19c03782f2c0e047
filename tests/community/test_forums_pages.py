"""The community pages: plain form POSTs without JavaScript, text shown inert, constant query
counts, and the product page's "Discussed in N threads"."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agora.community.models import Reaction, Reply, Thread, ThreadProduct
from tests.community.factories_forums import CommunityFactory, ReplyFactory, ThreadFactory
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def topic():
    return CommunityFactory(slug="coffee", name="Specialty coffee")


def test_join_start_a_thread_and_reply_with_a_quote_by_forms(signed_in, topic, product):
    person = UserFactory()
    client = signed_in(person)
    assert client.post("/communities/coffee/join").status_code == 302
    assert topic.memberships.filter(person=person).exists()

    response = client.post(
        "/communities/coffee/threads",
        {"title": "Best beans", "text": "Tell me", "products": product.get_absolute_url()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    thread = Thread.objects.get(title="Best beans")
    assert list(thread.products.all()) == [product]
    other = ReplyFactory(thread=thread, text="Ethiopian naturals")

    page = client.get(f"{response['Location']}?quote={other.pk}")
    assert f'value="{other.pk}"' in page.content.decode()
    posted = client.post(
        f"/communities/coffee/{thread.pk}/reply", {"text": "Agreed", "quote_id": other.pk}
    )
    assert posted.status_code == 302
    html = client.get(f"/communities/coffee/{thread.pk}").content.decode()
    assert "Ethiopian naturals" in html and "Agreed" in html
    assert "reply-quote" in html
    assert product.title in html


def test_reactions_toggle_by_form(signed_in, topic):
    thread = ThreadFactory(community=topic)
    client = signed_in(UserFactory())
    client.post(f"/communities/coffee/{thread.pk}/react/love", {"on": "1"})
    client.post(f"/communities/coffee/{thread.pk}/react/love", {"on": "1"})
    assert Reaction.objects.filter(thread=thread, kind="love").count() == 1
    client.post(f"/communities/coffee/{thread.pk}/react/love", {"on": "0"})
    assert not Reaction.objects.filter(thread=thread).exists()


def test_a_locked_thread_page_offers_no_reply_form(signed_in, topic):
    thread = ThreadFactory(community=topic, is_locked=True)
    client = signed_in(UserFactory())
    html = client.get(f"/communities/coffee/{thread.pk}").content.decode()
    assert "This thread is locked" in html
    response = client.post(f"/communities/coffee/{thread.pk}/reply", {"text": "Hi"})
    assert response.status_code == 422
    assert not Reply.objects.exists()


def test_thread_and_reply_text_is_inert(client, topic):
    thread = ThreadFactory(community=topic, title=XSS, text=XSS)
    ReplyFactory(thread=thread, text=XSS, quote=ReplyFactory(thread=thread, text=XSS))
    for url in ("/communities/coffee", f"/communities/coffee/{thread.pk}"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_hidden_thread_page_is_404_for_others(client, topic):
    thread = ThreadFactory(community=topic, is_hidden=True)
    assert client.get(f"/communities/coffee/{thread.pk}").status_code == 404
    assert client.get("/communities/nope").status_code == 404


def test_moderators_pin_lock_and_hide_from_the_thread_page(signed_in, topic):
    thread = ThreadFactory(community=topic)
    client = signed_in(UserFactory(is_staff=True))
    for action in ("pin", "lock", "hide"):
        assert client.post(f"/communities/coffee/{thread.pk}/{action}").status_code == 302
    thread.refresh_from_db()
    assert (thread.is_pinned, thread.is_locked, thread.is_hidden) == (True, True, True)


def test_a_stranger_cannot_pin(signed_in, topic):
    thread = ThreadFactory(community=topic)
    signed_in(UserFactory()).post(f"/communities/coffee/{thread.pk}/pin")
    thread.refresh_from_db()
    assert not thread.is_pinned


def test_the_list_shows_joined_communities_first(signed_in):
    popular = CommunityFactory(name="Popular one", member_count=50)
    mine = CommunityFactory(name="My small one")
    person = UserFactory()
    client = signed_in(person)
    client.post(f"/communities/{mine.slug}/join")
    html = client.get("/communities").content.decode()
    assert html.index("My small one") < html.index("Popular one")
    assert popular.slug in html


def test_the_shop_team_changes_its_community_settings(signed_in, shop, user):
    client = signed_in(user)
    assert client.get(f"/communities/{shop.handle}").status_code == 200
    response = client.post(f"/communities/{shop.handle}/settings", {"members_only": "on"})
    assert response.status_code == 302
    shop.community.refresh_from_db()
    assert shop.community.members_only and not shop.community.is_open
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(f"/communities/{shop.handle}/settings").status_code == 404


def test_experts_open_a_community_by_form(signed_in):
    client = signed_in(UserFactory(is_expert=True))
    response = client.post(
        "/communities/new", {"name": "Specialty coffee", "slug": "specialty-coffee"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/communities/specialty-coffee"


def _fill(community, n, product):
    for _i in range(n):
        thread = ThreadFactory(community=community, author=UserFactory())
        ThreadProduct.objects.create(thread=thread, product=product)
        ReplyFactory(thread=thread, quote=ReplyFactory(thread=thread))
        Reaction.objects.create(thread=thread, person=thread.author, kind="like")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_thread_list_query_count_is_constant(signed_in, shop):
    product = ProductFactory(shop=shop)
    small, big = CommunityFactory(), CommunityFactory()
    _fill(small, 5, product)
    _fill(big, 50, product)
    client = signed_in(UserFactory())
    client.get(f"/communities/{small.slug}")  # warm the session and caches
    a = _count(client, f"/communities/{small.slug}?limit=5")
    b = _count(client, f"/communities/{big.slug}?limit=50")
    # session and person, header, the community, its threads, photos, product tags and their
    # covers, reaction counts and the viewer's reactions, follows, membership, rights
    assert a == b == 12
    api_a = _count(client, f"/api/v1/communities/{small.slug}/threads?limit=5")
    api_b = _count(client, f"/api/v1/communities/{big.slug}/threads?limit=50")
    assert api_a == api_b == 7


def test_thread_page_query_count_is_constant(signed_in, topic):
    small, big = ThreadFactory(community=topic), ThreadFactory(community=topic)
    for thread, n in ((small, 5), (big, 50)):
        previous = None
        for _ in range(n):
            previous = ReplyFactory(thread=thread, author=UserFactory(), quote=previous)
            Reaction.objects.create(reply=previous, person=previous.author, kind="idea")
    client = signed_in(UserFactory())
    client.get(f"/communities/coffee/{small.pk}")
    a = _count(client, f"/communities/coffee/{small.pk}?limit=5")
    b = _count(client, f"/communities/coffee/{big.pk}?limit=50")
    assert a == b == 12
    api_a = _count(client, f"/api/v1/threads/{small.pk}/replies?limit=5")
    api_b = _count(client, f"/api/v1/threads/{big.pk}/replies?limit=50")
    assert api_a == api_b == 4


def test_product_page_says_discussed_in_n_threads(client, topic, product):
    assert "Discussed in" not in client.get(product.get_absolute_url()).content.decode()
    for _ in range(2):
        ThreadProduct.objects.create(thread=ThreadFactory(community=topic), product=product)
    from agora.community.product_threads import forget

    forget([product.pk])
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Discussed in 2 community threads" in html
    link = re.search(r'href="(/communities/threads\?product=\d+)"', html).group(1)
    listing = client.get(link).content.decode()
    assert listing.count('<li class="thread-item') == 2


def test_the_header_links_to_communities(client):
    assert 'href="/communities"' in client.get("/").content.decode()
