"""A post's poll in the post JSON (feed, post, tag lists: one query for a page's polls) is
exactly the poll `GET /polls/{id}` answers, for every viewer and every state a poll goes
through."""

import pytest

from agora.engagement.models import Poll
from agora.engagement.services import poll_close
from agora.media.models import MediaAsset
from tests.engagement.conftest import close_now, poll_body
from tests.engagement.test_early_access import PROPOSED, launched  # noqa: F401 (fixture)
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _same_for_everyone(poll_id, post_id, apis):
    for api in apis:
        reference = api.get(f"/polls/{poll_id}")
        assert reference.status_code == 200, reference.content
        in_post = api.get(f"/posts/{post_id}").json()["poll"]
        assert in_post == reference.json()


@pytest.fixture
def varied(owner_api, shop, image, voters):
    """An open poll (results after voting) with an image option, a variant option and a
    proposed product; Ana and Ben voted."""
    variant = ProductFactory(shop=shop).variants.first()
    body = poll_body(labels=())
    body["options"] = [
        {"label": "Terracotta", "image_media_id": image.pk},
        {"label": "Sage", "variant_id": variant.pk},
        {"label": "Ink", "proposed": PROPOSED},
    ]
    post = owner_api.post("/posts", {"text": "Next?", "as_shop": "atelier", "poll": body}).json()
    poll = post["poll"]
    (_ana, ana_api), (_ben, ben_api), _chloe = voters
    for api, position in ((ana_api, 1), (ben_api, 0)):
        vote = {"option_id": poll["options"][position]["id"]}
        assert api.post(f"/polls/{poll['id']}/vote", vote).status_code == 200
    return post


def _everyone(voters, make_api, owner_api):
    return [api for _person, api in voters] + [make_api(None), owner_api]


def test_an_open_poll(varied, voters, make_api, owner_api):
    _same_for_everyone(varied["poll"]["id"], varied["id"], _everyone(voters, make_api, owner_api))


def test_an_option_whose_image_failed(varied, voters, make_api, owner_api, image):
    MediaAsset.objects.filter(pk=image.pk).update(status=MediaAsset.Status.FAILED)

    _same_for_everyone(varied["poll"]["id"], varied["id"], _everyone(voters, make_api, owner_api))


def test_results_after_close_only(varied, voters, make_api, owner_api):
    Poll.objects.filter(pk=varied["poll"]["id"]).update(results_visibility="after_close")

    _same_for_everyone(varied["poll"]["id"], varied["id"], _everyone(voters, make_api, owner_api))


def test_past_its_deadline_before_the_closing_task(varied, voters, make_api, owner_api):
    close_now(varied["poll"]["id"])

    _same_for_everyone(varied["poll"]["id"], varied["id"], _everyone(voters, make_api, owner_api))


def test_closed_by_the_task_with_a_tie(varied, voters, make_api, owner_api):
    close_now(varied["poll"]["id"])
    assert poll_close(poll=Poll.objects.get(pk=varied["poll"]["id"])) is True

    _same_for_everyone(varied["poll"]["id"], varied["id"], _everyone(voters, make_api, owner_api))


def test_the_winner_made_and_on_sale_with_early_access_codes(
    launched,  # noqa: F811 (fixture)
    voters,
    make_api,
    owner_api,
):
    poll = Poll.objects.get(pk=launched["poll"]["id"])

    _same_for_everyone(poll.pk, poll.post_id, _everyone(voters, make_api, owner_api))


def test_a_person_without_a_vote_on_a_page_of_polls(varied, make_api, shop, owner_api):
    stranger = make_api(UserFactory())
    second = owner_api.post(
        "/posts", {"text": "And?", "as_shop": "atelier", "poll": poll_body()}
    ).json()

    listed = stranger.get("/actors/atelier/posts").json()["items"]

    polls = {p["id"]: p["poll"] for p in listed}
    assert polls[varied["id"]] == stranger.get(f"/polls/{varied['poll']['id']}").json()
    assert polls[second["id"]] == stranger.get(f"/polls/{second['poll']['id']}").json()
