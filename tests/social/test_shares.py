"""Tracked shares: personal short links, intent URLs, redirects counted once per visitor a day."""

import datetime
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
import requests
from django.test import Client

from agora.accounts.services import token_create
from agora.analytics.models import Event
from agora.social.models import Notification, Post, ProductEngagement, ShareClick, ShareLink
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return UserFactory(username="seller")


@pytest.fixture
def boutique(seller):
    return ShopFactory(handle="boutique", owner=seller)


@pytest.fixture
def dress(boutique):
    return ProductFactory(shop=boutique, title="Linen dress", slug="linen-dress")


@pytest.fixture
def post(seller, boutique, dress):
    return post_create(
        user=seller, text="New in! #summer", product_ids=[dress.pk], as_shop="boutique"
    )


@pytest.fixture
def sharer():
    return UserFactory(username="ana")


def _share(api, post, channel="link"):
    return api.post(f"/posts/{post.pk}/share", {"channel": channel})


def _code(url):
    return url.rsplit("/s/", 1)[1]


# --- creating share links ---------------------------------------------------------------------
def test_sharing_a_post_gives_an_absolute_personal_short_link(make_api, sharer, post, settings):
    response = _share(make_api(sharer), post)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["url"].startswith(settings.AGORA_BASE_URL + "/s/")
    code = _code(body["url"])
    assert len(code) >= 8
    assert all(c.isalnum() or c in "-_" for c in code)
    assert body["intent_url"] == body["url"]


@pytest.mark.parametrize(
    ("channel", "prefix", "param"),
    [
        ("x", "https://x.com/intent/post?", "url="),
        ("facebook", "https://www.facebook.com/sharer/sharer.php?", "u="),
        ("pinterest", "https://www.pinterest.com/pin/create/button/?", "url="),
        ("whatsapp", "https://wa.me/?", "text="),
        ("email", "mailto:?", "body="),
    ],
)
def test_intent_urls_carry_the_url_encoded_short_link(
    make_api, sharer, post, channel, prefix, param
):
    body = _share(make_api(sharer), post, channel).json()

    assert body["intent_url"].startswith(prefix)
    encoded = quote(body["url"], safe="")
    assert encoded in body["intent_url"]
    assert f"{param}" in body["intent_url"]
    assert "://" not in body["intent_url"].split("?", 1)[1]  # nothing left unencoded


def test_x_intent_carries_the_post_text(make_api, sharer, post):
    body = _share(make_api(sharer), post, "x").json()

    assert "text=New%20in%21%20%23summer" in body["intent_url"]


def test_unknown_channel_is_refused_on_the_channel_field(make_api, sharer, post):
    response = _share(make_api(sharer), post, "myspace")

    assert response.status_code == 422
    assert "channel" in response.json()["error"]["fields"]
    assert ShareLink.objects.count() == 0


def test_sharing_again_on_another_channel_keeps_one_code_and_counts_once(make_api, sharer, post):
    api = make_api(sharer)

    first = _share(api, post, "x").json()
    second = _share(api, post, "facebook").json()

    assert _code(first["url"]) == _code(second["url"])
    assert ShareLink.objects.filter(sharer=sharer).count() == 1
    assert Post.objects.get(pk=post.pk).share_count == 1
    assert Event.objects.filter(kind="share", object_type="post", object_id=post.pk).count() == 1
    assert api.get(f"/posts/{post.pk}").json()["share_count"] == 1


def test_two_people_get_two_codes(make_api, sharer, post):
    first = _share(make_api(sharer), post).json()["url"]
    second = _share(make_api(UserFactory()), post).json()["url"]

    assert first != second
    assert Post.objects.get(pk=post.pk).share_count == 2


def test_sharing_a_product_counts_on_the_product(make_api, sharer, dress):
    response = make_api(sharer).post(f"/products/{dress.pk}/share", {"channel": "pinterest"})

    assert response.status_code == 200, response.content
    assert "description=Linen%20dress" in response.json()["intent_url"]
    assert ProductEngagement.objects.get(product=dress).share_count == 1


def test_a_post_the_sharer_cannot_see_cannot_be_shared(make_api, sharer):
    secret = post_create(user=UserFactory(), text="friends only", visibility="followers")

    assert _share(make_api(sharer), secret).status_code == 404
    assert make_api(sharer).post("/posts/999999/share", {"channel": "x"}).status_code == 404


def test_sharing_needs_a_token(make_api, post):
    assert _share(make_api(None), post).status_code == 401


def test_share_creation_is_rate_limited_per_account(make_api, sharer, post, settings):
    settings.RATELIMIT_ENABLE = True
    settings.AGORA_RATES = {**settings.AGORA_RATES, "share": "2/m"}
    api = make_api(sharer)

    statuses = [_share(api, post).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert int(_share(api, post)["Retry-After"]) >= 1


# --- following share links --------------------------------------------------------------------
def _link(make_api, sharer, post):
    return _code(_share(make_api(sharer), post).json()["url"])


def test_share_link_redirects_to_the_post_page(make_api, sharer, post):
    code = _link(make_api, sharer, post)

    response = Client().get(f"/s/{code}")

    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}"


def test_share_link_never_redirects_off_site(make_api, sharer, post):
    code = _link(make_api, sharer, post)

    for query in ("?next=https://evil.example", "?url=//evil.example", "?redirect=/%2F%2Fevil"):
        location = Client().get(f"/s/{code}{query}")["Location"]
        assert location == f"/posts/{post.pk}"
        assert location.startswith("/") and not location.startswith("//")


def test_product_share_link_redirects_to_the_product_page(make_api, sharer, dress):
    url = make_api(sharer).post(f"/products/{dress.pk}/share", {"channel": "link"}).json()["url"]

    response = Client().get(f"/s/{_code(url)}")

    assert response.status_code == 302
    assert response["Location"] == "/@boutique/products/linen-dress"


def test_clicks_count_once_per_visitor_per_day(make_api, sharer, post):
    code = _link(make_api, sharer, post)
    visitor, other = Client(), Client()

    visitor.get(f"/s/{code}")
    visitor.get(f"/s/{code}")
    assert ShareLink.objects.get(code=code).click_count == 1

    other.get(f"/s/{code}")
    assert ShareLink.objects.get(code=code).click_count == 2
    visitors = {e.visitor for e in Event.objects.filter(kind="share_click")}
    assert visitors == {visitor.cookies["agora_vid"].value, other.cookies["agora_vid"].value}


def test_the_same_visitor_counts_again_the_next_day(make_api, sharer, post):
    code = _link(make_api, sharer, post)
    visitor = Client()
    visitor.get(f"/s/{code}")
    ShareClick.objects.update(day=datetime.date.today() - datetime.timedelta(days=1))

    visitor.get(f"/s/{code}")

    assert ShareLink.objects.get(code=code).click_count == 2


def test_a_signed_in_visitor_counts_once_across_browsers(make_api, sharer, post):
    code = _link(make_api, sharer, post)
    reader = UserFactory()
    phone, laptop = Client(), Client()
    phone.force_login(reader)
    laptop.force_login(reader)

    phone.get(f"/s/{code}")
    laptop.get(f"/s/{code}")

    assert ShareLink.objects.get(code=code).click_count == 1
    event = Event.objects.get(kind="share_click")
    assert (event.actor_id, event.source, event.object_id) == (reader.pk, "share", post.pk)


def test_head_requests_from_link_unfurlers_do_not_count(make_api, sharer, post):
    code = _link(make_api, sharer, post)

    assert Client().head(f"/s/{code}").status_code == 302

    assert ShareLink.objects.get(code=code).click_count == 0


def test_following_a_link_sets_attribution_and_visitor_cookies(make_api, sharer, post):
    code = _link(make_api, sharer, post)

    response = Client().get(f"/s/{code}")

    ref = response.cookies["agora_ref"]
    assert ref.value == code
    assert ref["httponly"] and ref["samesite"] == "Lax"
    assert int(ref["max-age"]) == 30 * 24 * 3600
    vid = response.cookies["agora_vid"]
    assert len(vid.value) >= 16 and vid["httponly"] and vid["samesite"] == "Lax"
    assert int(vid["max-age"]) == 365 * 24 * 3600
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_unknown_code_is_not_found(db):
    assert Client().get("/s/doesnotexist").status_code == 404


def test_a_link_to_a_hidden_post_is_not_found(make_api, sharer, post):
    code = _link(make_api, sharer, post)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)

    assert Client().get(f"/s/{code}").status_code == 404
    assert ShareLink.objects.get(code=code).click_count == 0


def test_a_link_to_an_archived_product_is_not_found(make_api, sharer, dress):
    url = make_api(sharer).post(f"/products/{dress.pk}/share", {"channel": "x"}).json()["url"]
    dress.status = "archived"
    dress.save()

    assert Client().get(f"/s/{_code(url)}").status_code == 404


def test_the_sharer_is_notified_of_a_click_but_not_of_their_own(make_api, sharer, post):
    code = _link(make_api, sharer, post)
    own = Client()
    own.force_login(sharer)

    own.get(f"/s/{code}")
    assert not Notification.objects.filter(recipient=sharer, kind="share_click").exists()

    Client().get(f"/s/{code}")
    assert Notification.objects.filter(recipient=sharer, kind="share_click").count() == 1


# --- concurrency --------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_simultaneous_shares_by_one_person_make_one_code(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    author = UserFactory()
    shared = post_create(user=author, text="Share me")
    person = UserFactory()
    _token, raw = token_create(user=person)
    session = requests.Session()

    def share(_):
        return session.post(
            f"{live_server.url}/api/v1/posts/{shared.pk}/share",
            json={"channel": "x"},
            headers={"Authorization": f"Bearer {raw}"},
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(share, range(10)))

    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["url"] for r in responses}) == 1
    assert ShareLink.objects.filter(sharer=person).count() == 1
    assert Post.objects.get(pk=shared.pk).share_count == 1
    assert Event.objects.filter(kind="share", object_id=shared.pk).count() == 1
