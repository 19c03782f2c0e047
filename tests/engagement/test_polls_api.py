"""Polls on posts through the JSON API: a post carries a poll, people vote once, results show
by the shop's rule, and a vote after the deadline is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.analytics.models import Event
from agora.engagement.models import Poll, PollOption, PollVote
from agora.media.services import media_upload
from agora.moderation.services import block_create
from agora.social.models import Post
from agora.social.services.follows import follow_create
from tests.engagement.conftest import close_now, in_, png, poll_body
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- creating a poll with its post ----------------------------------------------------------
def test_a_post_with_a_poll_returns_the_poll_with_its_option_ids(post_poll, shop, image):
    variant = ProductFactory(shop=shop).variants.first()
    post = post_poll(
        labels=(),
        options=[
            {"label": "Terracotta", "image_media_id": image.pk},
            {"label": "Sage", "variant_id": variant.pk},
            {
                "label": "Ink",
                "proposed": {
                    "title": "Linen shirt, ink",
                    "options": {"color": "Ink", "size": "M"},
                    "price": {"amount": 5900, "currency": "EUR"},
                },
            },
        ],
        results_visibility="after_close",
    )

    poll = post["poll"]
    stored = Poll.objects.get(post_id=post["id"])
    assert poll["id"] == stored.pk and poll["post_id"] == post["id"]
    assert [o["id"] for o in poll["options"]] == list(
        PollOption.objects.filter(poll=stored).values_list("pk", flat=True)
    )
    assert [o["label"] for o in poll["options"]] == ["Terracotta", "Sage", "Ink"]
    assert poll["options"][0]["image"]["id"] == image.pk
    assert poll["options"][1]["variant_id"] == variant.pk
    assert poll["options"][1]["product_id"] == variant.product_id
    assert poll["options"][2]["proposed"] == {
        "title": "Linen shirt, ink",
        "options": {"color": "Ink", "size": "M"},
        "price": {"amount": 5900, "currency": "EUR"},
    }
    assert poll["results_visibility"] == "after_close"
    assert poll["closed"] is False and poll["my_vote"] is None
    assert Post.objects.get(pk=post["id"]).has_poll is True


def test_a_person_can_post_a_poll_too(make_api):
    response = make_api(UserFactory()).post(
        "/posts", {"text": "Which one for the wedding?", "poll": poll_body(("Blue", "Green"))}
    )
    assert response.status_code == 201, response.content
    assert [o["label"] for o in response.json()["poll"]["options"]] == ["Blue", "Green"]


def test_a_post_without_a_poll_says_so_and_changes_nothing(owner_api, shop):
    body = owner_api.post("/posts", {"text": "Just news", "as_shop": "atelier"}).json()
    assert body["poll"] is None
    assert Post.objects.get(pk=body["id"]).has_poll is False
    assert Poll.objects.count() == 0


def test_a_poll_closes_no_sooner_than_a_minute_from_now(owner_api, shop):
    soon = owner_api.post(
        "/posts", {"text": "Quick!", "as_shop": "atelier", "poll": poll_body(minutes=0.5)}
    )
    minute = owner_api.post(
        "/posts", {"text": "Quick!", "as_shop": "atelier", "poll": poll_body(minutes=1.2)}
    )
    assert soon.status_code == 422 and "poll.closes_at" in soon.json()["error"]["fields"]
    assert minute.status_code == 201


@pytest.mark.parametrize(
    ("poll", "field"),
    [
        (poll_body(("Only one",)), "poll.options"),
        (poll_body(("1", "2", "3", "4", "5", "6", "7")), "poll.options"),
        (poll_body(("Same", "same")), "poll.options.1.label"),
        (poll_body(("Fine", "  ")), "poll.options.1.label"),
        (poll_body(minutes=-5), "poll.closes_at"),
        (poll_body(minutes=60 * 24 * 91), "poll.closes_at"),
        (
            {
                **poll_body(),
                "closes_at": (timezone.now() + timedelta(days=1)).replace(tzinfo=None).isoformat(),
            },
            "poll.closes_at",
        ),
        (poll_body(results_visibility="never"), "poll.results_visibility"),
        ({"options": [{"label": "A"}, {"label": "B"}]}, "poll.closes_at"),
    ],
)
def test_a_refused_poll_names_its_field_and_refuses_the_post(owner_api, shop, poll, field):
    response = owner_api.post("/posts", {"text": "Vote!", "as_shop": "atelier", "poll": poll})
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert Post.objects.count() == 0 and Poll.objects.count() == 0


def _option_error(api, option: dict, *, as_shop="atelier", index=2) -> dict:
    options = [{"label": "A"}, {"label": "B"}, {"label": "C"}]
    options[index] = {**options[index], **option}
    body = {"text": "Vote!", "poll": {"options": options, "closes_at": in_(60)}}
    if as_shop:
        body["as_shop"] = as_shop
    response = api.post("/posts", body)
    assert response.status_code == 422, response.content
    assert Post.objects.count() == 0 and Poll.objects.count() == 0
    return response.json()["error"]["fields"]


def test_an_option_links_only_a_variant_of_the_posting_shop(owner_api, shop):
    other = ProductFactory(shop=ShopFactory()).variants.first()
    fields = _option_error(owner_api, {"variant_id": other.pk})
    assert list(fields) == ["poll.options.2.variant_id"]


def test_an_option_shows_only_an_image_the_poster_uploaded(owner_api, shop):
    theirs = media_upload(uploader=UserFactory(), file=png())
    fields = _option_error(owner_api, {"image_media_id": theirs.pk}, index=1)
    assert list(fields) == ["poll.options.1.image_media_id"]


def test_a_proposed_product_is_priced_in_the_shop_currency(owner_api, shop):
    proposed = {"options": {"color": "Ink"}, "price": {"amount": 5900, "currency": "USD"}}
    fields = _option_error(owner_api, {"proposed": proposed})
    assert list(fields) == ["poll.options.2.proposed.price.currency"]


def test_a_person_cannot_link_products_to_a_poll(make_api, shop):
    variant = ProductFactory(shop=shop).variants.first()
    person = make_api(UserFactory())
    fields = _option_error(person, {"variant_id": variant.pk}, as_shop=None)
    assert list(fields) == ["poll.options.2.variant_id"]
    proposed = {"price": {"amount": 100, "currency": "EUR"}}
    fields = _option_error(person, {"proposed": proposed}, as_shop=None)
    assert list(fields) == ["poll.options.2.proposed"]


# --- voting ----------------------------------------------------------------------------------
def test_a_vote_counts_and_a_second_vote_replaces_the_first(post_poll, voters):
    poll = post_poll()["poll"]
    first, second = poll["options"][0]["id"], poll["options"][2]["id"]
    ana, api = voters[0]

    voted = api.post(f"/polls/{poll['id']}/vote", {"option_id": first})
    again = api.post(f"/polls/{poll['id']}/vote", {"option_id": first})
    changed = api.post(f"/polls/{poll['id']}/vote", {"option_id": second})

    assert voted.status_code == again.status_code == changed.status_code == 200
    assert [o["votes"] for o in voted.json()["options"]] == [1, 0, 0]
    assert [o["votes"] for o in again.json()["options"]] == [1, 0, 0]
    body = changed.json()
    assert [o["votes"] for o in body["options"]] == [0, 0, 1]
    assert body["my_vote"] == second and body["total_votes"] == 1
    assert list(PollVote.objects.values_list("voter_id", "option_id")) == [(ana.pk, second)]
    # One engagement event for the person's one vote.
    assert Event.objects.filter(kind="vote", object_type="poll", object_id=poll["id"]).count() == 1


def test_votes_by_many_people_are_each_counted(post_poll, voters):
    poll = post_poll()["poll"]
    ids = [o["id"] for o in poll["options"]]
    for (_person, api), option in zip(voters, (ids[1], ids[1], ids[0]), strict=True):
        assert api.post(f"/polls/{poll['id']}/vote", {"option_id": option}).status_code == 200
    body = voters[0][1].get(f"/polls/{poll['id']}").json()
    assert [o["votes"] for o in body["options"]] == [1, 2, 0]
    assert body["total_votes"] == 3


def test_voting_after_the_deadline_is_a_conflict_even_before_the_task_runs(post_poll, voters):
    poll = post_poll()["poll"]
    _ana, api = voters[0]
    api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][0]["id"]})
    close_now(poll["id"])

    late = api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][1]["id"]})
    newcomer = voters[1][1].post(
        f"/polls/{poll['id']}/vote", {"option_id": poll["options"][1]["id"]}
    )

    assert late.status_code == newcomer.status_code == 409
    assert late.json()["error"]["code"] == newcomer.json()["error"]["code"] == "poll_closed"
    assert Poll.objects.get(pk=poll["id"]).closed_at is None  # the task has not run
    body = api.get(f"/polls/{poll['id']}").json()
    assert body["closed"] is True
    assert [o["votes"] for o in body["options"]] == [1, 0, 0]
    assert body["winner_id"] == poll["options"][0]["id"]


def test_an_option_of_another_poll_or_an_unknown_poll_is_not_found(post_poll, voters):
    one, other = post_poll()["poll"], post_poll(text="Another")["poll"]
    _ana, api = voters[0]
    stray = api.post(f"/polls/{one['id']}/vote", {"option_id": other["options"][0]["id"]})
    unknown = api.post("/polls/999999/vote", {"option_id": one["options"][0]["id"]})
    assert stray.status_code == unknown.status_code == 404
    assert api.get("/polls/999999").status_code == 404
    assert PollVote.objects.count() == 0


def test_voting_needs_a_token_and_a_valid_option(post_poll, api, voters):
    poll = post_poll()["poll"]
    assert (
        api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][0]["id"]}).status_code
        == 401
    )
    bad = voters[0][1].post(f"/polls/{poll['id']}/vote", {"option_id": 0})
    assert bad.status_code == 422 and "option_id" in bad.json()["error"]["fields"]


def test_a_poll_on_a_post_the_caller_cannot_see_is_not_found(owner, shop, owner_api, make_api):
    body = {
        "text": "For our followers",
        "as_shop": "atelier",
        "visibility": "followers",
        "poll": poll_body(),
    }
    poll = owner_api.post("/posts", body).json()["poll"]
    stranger, follower = UserFactory(), UserFactory()
    follow_create(user=follower, handle="atelier")
    option = {"option_id": poll["options"][0]["id"]}

    assert make_api(stranger).get(f"/polls/{poll['id']}").status_code == 404
    assert make_api(stranger).post(f"/polls/{poll['id']}/vote", option).status_code == 404
    assert make_api().get(f"/polls/{poll['id']}").status_code == 404
    assert make_api(follower).post(f"/polls/{poll['id']}/vote", option).status_code == 200


def test_someone_the_author_blocked_cannot_see_their_followers_only_poll(make_api):
    author, fan = UserFactory(), UserFactory()
    follow_create(user=fan, handle=author.username)
    body = {"text": "Friends only", "visibility": "followers", "poll": poll_body()}
    poll = make_api(author).post("/posts", body).json()["poll"]
    assert make_api(fan).get(f"/polls/{poll['id']}").status_code == 200
    block_create(user=author, handle=fan.username)
    assert make_api(fan).get(f"/polls/{poll['id']}").status_code == 404


# --- who sees results ------------------------------------------------------------------------
def test_results_show_to_who_voted_then_to_everyone_after_the_close(post_poll, voters, make_api):
    poll = post_poll()["poll"]
    (_ana, ana_api), (_ben, ben_api) = voters[0], voters[1]
    ana_api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][0]["id"]})

    seen_by_ana = ana_api.get(f"/polls/{poll['id']}").json()
    seen_by_ben = ben_api.get(f"/polls/{poll['id']}").json()
    anonymous = make_api().get(f"/polls/{poll['id']}").json()
    assert seen_by_ana["results_visible"] is True
    assert [o["votes"] for o in seen_by_ana["options"]] == [1, 0, 0]
    for hidden in (seen_by_ben, anonymous):
        assert hidden["results_visible"] is False
        assert [o["votes"] for o in hidden["options"]] == [None, None, None]
        assert hidden["total_votes"] is None and hidden["my_vote"] is None

    close_now(poll["id"])
    for api in (ben_api, make_api()):
        body = api.get(f"/polls/{poll['id']}").json()
        assert body["results_visible"] is True and body["closed"] is True
        assert [o["votes"] for o in body["options"]] == [1, 0, 0]


def test_after_close_results_stay_hidden_from_voters_until_the_close(post_poll, voters):
    poll = post_poll(results_visibility="after_close")["poll"]
    _ana, api = voters[0]
    voted = api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][1]["id"]}).json()
    assert voted["results_visible"] is False and voted["my_vote"] == poll["options"][1]["id"]
    assert [o["votes"] for o in voted["options"]] == [None, None, None]
    assert voted["winner_id"] is None

    close_now(poll["id"])
    body = api.get(f"/polls/{poll['id']}").json()
    assert [o["votes"] for o in body["options"]] == [0, 1, 0]
    assert body["winner_id"] == poll["options"][1]["id"]


def test_the_post_json_carries_the_poll_as_the_viewer_sees_it(post_poll, voters, owner_api):
    post = post_poll()
    poll = post["poll"]
    _ana, api = voters[0]
    api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][2]["id"]})

    mine = api.get(f"/posts/{post['id']}").json()["poll"]
    shop_view = owner_api.get(f"/posts/{post['id']}").json()["poll"]
    listed = api.get("/actors/atelier/posts").json()["items"][0]["poll"]

    assert mine == listed
    assert mine["my_vote"] == poll["options"][2]["id"] and mine["total_votes"] == 1
    assert shop_view["my_vote"] is None and shop_view["total_votes"] is None


@pytest.mark.parametrize("count", [2, 12])
def test_a_feed_of_polls_takes_one_query_more_than_a_feed_without(
    make_api, owner, shop, voters, count, django_assert_max_num_queries, settings
):
    """The feed's pin is ten queries (tests/social/test_feed_api.py); the page's polls, with
    their options, images, products, vote counts and the reader's votes, add one."""
    settings.RATELIMIT_ENABLE = False
    reader, reader_api = voters[0]
    follow_create(user=reader, handle="atelier")
    shop_api = make_api(owner)
    for i in range(count):
        body = {"text": f"Poll {i}", "as_shop": "atelier", "poll": poll_body()}
        poll = shop_api.post("/posts", body).json()["poll"]
        reader_api.post(f"/polls/{poll['id']}/vote", {"option_id": poll["options"][1]["id"]})
    with django_assert_max_num_queries(11):
        items = reader_api.get("/feed", {"limit": count}).json()["items"]
    assert len(items) == count
    assert all(i["post"]["poll"]["options"][1]["votes"] == 1 for i in items)
    assert all(i["post"]["poll"]["my_vote"] == i["post"]["poll"]["options"][1]["id"] for i in items)
