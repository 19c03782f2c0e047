"""Polls on the pages: the card shows the vote form, then the results; voting works with htmx
and without JavaScript; the shop's team makes the winner a product; the composer adds polls."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.catalog.models import Product
from agora.engagement.models import Poll, PollVote
from agora.engagement.services import poll_vote
from agora.social.models import Post
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.engagement.conftest import close_now, png, poll_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(owner, shop, image):
    post = post_create(
        user=owner,
        as_shop="atelier",
        text="Which colour next?",
        poll={
            **poll_body(),
            "options": [
                {"label": "Terracotta", "image_media_id": image.pk},
                {"label": "Sage"},
                {"label": "Ink"},
            ],
        },
    )
    return Poll.objects.get(post=post)


@pytest.fixture
def ana(shop):
    person = UserFactory(username="ana")
    follow_create(user=person, handle="atelier")
    return person


def _option(poll, position: int) -> int:
    return poll.options.get(position=position).pk


def _section(html: str, poll) -> str:
    start = html.index(f'id="poll-{poll.pk}"')
    return html[start : html.index("</section>", start)]


def test_the_feed_and_the_post_page_show_the_vote_form(client, ana, poll):
    client.force_login(ana)
    for url in ("/feed", poll.post.get_absolute_url(), "/@atelier", "/@atelier/posts"):
        html = client.get(url).content.decode()
        section = _section(html, poll)
        assert 'type="radio" name="option"' in section, url
        assert "Terracotta" in section and "Sage" in section
        assert "<img" in section  # the option's picture
        assert "%" not in section  # no results before voting
        assert "Closes in" in section


def test_a_visitor_sees_the_options_and_is_asked_to_sign_in(client, poll):
    section = _section(client.get(poll.post.get_absolute_url()).content.decode(), poll)
    assert "Sign in to vote" in section and 'type="radio"' not in section


def test_voting_without_javascript_comes_back_with_the_results(client, ana, poll):
    client.force_login(ana)
    response = client.post(f"/polls/{poll.pk}/vote", {"option": _option(poll, 1), "next": "/feed"})
    assert response.status_code == 302 and response["Location"] == "/feed"
    assert PollVote.objects.get(poll=poll, voter=ana).option_id == _option(poll, 1)

    section = _section(client.get("/feed").content.decode(), poll)
    assert "Your vote" in section and "100%" in section and "0%" in section
    assert "1 vote" in section
    assert "Change your vote" in section


def test_voting_with_htmx_swaps_the_poll_and_keeps_its_results_live(client, ana, poll):
    client.force_login(ana)
    response = client.post(
        f"/polls/{poll.pk}/vote", {"option": _option(poll, 0)}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="poll with-images" id="poll-{poll.pk}"')
    assert "100%" in html and "Your vote" in html
    assert f'hx-get="/polls/{poll.pk}/results"' in html and 'hx-trigger="every 15s"' in html

    poll_vote(user=UserFactory(), poll=poll, option_id=_option(poll, 2))
    fresh = client.get(f"/polls/{poll.pk}/results", HTTP_HX_REQUEST="true").content.decode()
    assert fresh.lstrip().startswith(f'<div class="poll-results" id="poll-{poll.pk}-results"')
    assert fresh.count("50%") == 2 and "2 votes" in fresh


def test_the_results_address_without_htmx_leads_to_the_post(client, poll):
    response = client.get(f"/polls/{poll.pk}/results")
    assert response.status_code == 302
    assert response["Location"] == f"{poll.post.get_absolute_url()}#poll-{poll.pk}"


def test_results_hidden_until_the_close_stay_hidden_after_voting(client, owner, shop, ana):
    post = post_create(
        user=owner,
        as_shop="atelier",
        text="Secret",
        poll=poll_body(results_visibility="after_close"),
    )
    hidden = Poll.objects.get(post=post)
    client.force_login(ana)
    html = client.post(
        f"/polls/{hidden.pk}/vote", {"option": _option(hidden, 0)}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Your vote" in html and "%" not in html and "hx-trigger" not in html
    assert "Results when the poll closes" in html


def test_a_vote_after_the_deadline_is_refused_on_the_page(client, ana, poll):
    close_now(poll.pk)
    client.force_login(ana)
    response = client.post(
        f"/polls/{poll.pk}/vote", {"option": _option(poll, 0), "next": "/feed"}, follow=True
    )
    assert "This poll is closed." in response.content.decode()
    htmx = client.post(
        f"/polls/{poll.pk}/vote", {"option": _option(poll, 0)}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'role="alert">This poll is closed.' in htmx
    assert not PollVote.objects.exists()


def test_voting_needs_a_sign_in_and_a_visible_poll(client, ana, poll):
    response = client.post(f"/polls/{poll.pk}/vote", {"option": _option(poll, 0)})
    assert response.status_code == 302 and response["Location"].startswith("/login")
    client.force_login(ana)
    assert client.post("/polls/999999/vote", {"option": 1}).status_code == 404
    assert not PollVote.objects.exists()


def test_after_the_close_everyone_sees_the_winner_and_the_shop_makes_it_a_product(
    client, owner, ana, poll
):
    for position in (1, 1, 2):
        poll_vote(user=UserFactory(), poll=poll, option_id=_option(poll, position))
    close_now(poll.pk)

    client.force_login(ana)
    section = _section(client.get(poll.post.get_absolute_url()).content.decode(), poll)
    assert "Closed" in section and "Winner" in section and "67%" in section
    assert "Make the winner a product" not in section and "hx-trigger" not in section

    client.force_login(owner)
    section = _section(client.get(poll.post.get_absolute_url()).content.decode(), poll)
    assert "Make the winner a product" in section
    response = client.post(f"/polls/{poll.pk}/make-product")
    product = Product.objects.get(title="Sage")
    assert product.status == "draft"
    assert response["Location"] == f"/dashboard/atelier/products/{product.pk}/edit"
    section = _section(client.get(poll.post.get_absolute_url()).content.decode(), poll)
    assert "Finish the draft" in section and "Make the winner a product" not in section


def test_someone_else_cannot_make_the_product_from_the_page(client, ana, poll):
    poll_vote(user=ana, poll=poll, option_id=_option(poll, 0))
    close_now(poll.pk)
    client.force_login(ana)
    response = client.post(f"/polls/{poll.pk}/make-product", follow=True)
    assert "Only the shop" in response.content.decode()
    assert not Product.objects.filter(title="Terracotta").exists()


# --- the composer ------------------------------------------------------------------------------
def test_the_composer_posts_a_poll_with_pictures(client, owner, shop):
    client.force_login(owner)
    response = client.post(
        "/compose",
        {
            "text": "Next season's colour?",
            "as_shop": "atelier",
            "visibility": "public",
            "poll_option_1": "Terracotta",
            "poll_option_2": "Sage",
            "poll_option_3": "",
            "poll_image_1": png("a.png"),
            "poll_image_2": png("b.png", color=(120, 150, 110)),
            "poll_closes_in": "4320",
            "poll_results": "after_close",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    poll = Poll.objects.get(post=post)
    options = list(poll.options.order_by("position"))
    assert [o.label for o in options] == ["Terracotta", "Sage"]
    assert all(o.image is not None and o.image.uploaded_by == owner for o in options)
    assert options[0].image.alt == "Terracotta"
    assert poll.results_visibility == "after_close"
    hours = (poll.closes_at - post.created_at).total_seconds() / 3600
    assert 71.9 < hours < 72.1


def test_the_composer_refuses_a_poll_with_one_option_and_keeps_the_draft(client, owner, shop):
    client.force_login(owner)
    response = client.post(
        "/compose",
        {
            "text": "Which?",
            "as_shop": "atelier",
            "poll_option_1": "Only me",
            "poll_closes_in": "60",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert not Post.objects.exists() and not Poll.objects.exists()
    assert re.search(r'<details class="composer-poll[^"]*" open>', html)
    assert 'value="Only me"' in html


def test_a_post_without_a_poll_from_the_composer_has_none(client, owner):
    client.force_login(owner)
    client.post("/compose", {"text": "Hello", "poll_closes_in": "1440"})
    post = Post.objects.get()
    assert post.has_poll is False and not Poll.objects.exists()


# --- query counts ------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/feed", "/@atelier", "/@atelier/posts", "/tags/vote"])
def test_polls_add_one_query_to_a_page_whatever_their_number(
    client, owner, shop, ana, url, django_capture_on_commit_callbacks
):
    client.force_login(ana)

    def add(n, *, polls=True):
        for i in range(n):
            with django_capture_on_commit_callbacks(execute=True):  # the fan-out to Ana's feed
                post = post_create(
                    user=owner,
                    as_shop="atelier",
                    text=f"#vote number {i}",
                    poll=poll_body() if polls else None,
                )
            if polls:
                poll = Poll.objects.get(post=post)
                poll_vote(user=ana, poll=poll, option_id=_option(poll, i % 3))

    add(2, polls=False)
    client.get(url)  # warm the fragment cache
    plain = _queries(client, url)
    add(2)
    client.get(url)
    few = _queries(client, url)
    add(6)
    client.get(url)
    assert _queries(client, url) == few == plain + 1
    assert client.get(url).content.decode().count('class="poll-results"') == 8
