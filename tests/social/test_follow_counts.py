"""Follower and following counts are stored and moved with each follow and unfollow: profile
pages show them without counting, exact under simultaneous follows."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.management import call_command

from agora.accounts.services import token_create
from agora.moderation.services import block_create
from agora.social.models import Follow, FollowCounts
from agora.social.selectors.graph import follow_counts
from agora.social.services.follows import follow_create, follow_delete
from tests.factories import ShopFactory, UserFactory


def _counted(actor) -> dict[str, int]:
    """What counting the follows gives (the stored counts must equal it)."""
    following = Follow.objects.filter(follower__actor=actor).count()
    return {
        "followers": Follow.objects.filter(target=actor).count(),
        "following": following if actor.kind == "person" else 0,
    }


@pytest.mark.django_db
def test_follow_and_unfollow_move_both_counts(client):
    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    shop = ShopFactory(handle="atelier")

    follow_create(user=ana, handle="atelier")
    follow_create(user=ana, handle="@BEN")  # any case, @ optional
    follow_create(user=ben, handle="ana")
    follow_create(user=ana, handle="atelier")  # again: nothing changes

    assert follow_counts(ana.actor) == {"followers": 1, "following": 2} == _counted(ana.actor)
    assert follow_counts(shop.actor) == {"followers": 1, "following": 0} == _counted(shop.actor)
    assert "<strong>2</strong> following" in client.get("/@ana").content.decode()

    assert follow_delete(user=ana, handle="atelier")
    assert not follow_delete(user=ana, handle="atelier")  # twice: nothing more
    assert follow_counts(ana.actor) == {"followers": 1, "following": 1} == _counted(ana.actor)
    assert follow_counts(shop.actor) == {"followers": 0, "following": 0} == _counted(shop.actor)
    assert "<strong>0</strong> followers" in client.get("/@atelier").content.decode()


@pytest.mark.django_db
def test_a_block_removes_the_follows_from_the_counts():
    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    follow_create(user=ana, handle="ben")
    follow_create(user=ben, handle="ana")

    block_create(user=ana, handle="ben")

    for actor in (ana.actor, ben.actor):
        assert follow_counts(actor) == {"followers": 0, "following": 0} == _counted(actor)


@pytest.mark.django_db
def test_the_profile_follow_box_reads_counts_and_my_follow_in_one_query(
    client, signed_in, django_assert_num_queries
):
    from agora.social.parts import follow_context

    ana = UserFactory(username="ana")
    me = UserFactory()
    follow_create(user=me, handle="ana")
    request = signed_in(me).get("/shops").wsgi_request

    with django_assert_num_queries(1):
        box = follow_context(request, ana.actor)

    assert box["counts"] == {"followers": 1, "following": 0}
    assert box["following"] is True


@pytest.mark.django_db
def test_recount_repairs_follows_written_around_the_services():
    ana, ben = UserFactory(), UserFactory()
    Follow.objects.create(follower=ana, target=ben.actor)

    call_command("social_recount", stdout=None)

    assert follow_counts(ben.actor) == {"followers": 1, "following": 0}
    assert follow_counts(ana.actor) == {"followers": 0, "following": 1}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_follows_count_exactly(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    shop = ShopFactory(handle="busy")
    people = [UserFactory() for _ in range(20)]
    tokens = [token_create(user=p)[1] for p in people]

    def follow(token):
        return requests.post(
            f"{live_server.url}/api/v1/follows",
            json={"handle": "busy"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        # Everyone follows, and each of the first five tries three more times at once.
        codes = list(pool.map(follow, tokens + tokens[:5] * 3))

    assert set(codes) <= {200, 201}
    assert follow_counts(shop.actor) == {"followers": 20, "following": 0}
    assert FollowCounts.objects.get(actor=people[0].actor).following == 1

    def unfollow(token):
        return requests.delete(
            f"{live_server.url}/api/v1/follows/busy",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(unfollow, tokens[:10] * 2)) == {200}

    assert follow_counts(shop.actor) == {"followers": 10, "following": 0} == _counted(shop.actor)


@pytest.mark.django_db
def test_follow_facts_tell_each_viewer_whether_they_follow(django_assert_num_queries):
    """One query per box, whoever looks: the follower, someone else, a visitor (the prepared
    read keeps one SQL per kind of viewer)."""
    from django.contrib.auth.models import AnonymousUser

    from agora.social.selectors.graph import follow_facts

    ana, ben = UserFactory(), UserFactory()
    shop = ShopFactory()
    follow_create(user=ana, handle=shop.handle)
    follow_create(user=ana, handle=ben.username)

    for viewer, expected in ((ana, True), (ben, False), (None, False), (AnonymousUser(), False)):
        with django_assert_num_queries(1):
            counts, followed = follow_facts(actor=shop.actor, viewer=viewer)
        assert (counts, followed) == ({"followers": 1, "following": 0}, expected)
    counts, followed = follow_facts(actor=ana.actor, viewer=ben)
    assert (counts, followed) == ({"followers": 0, "following": 2}, False)
    follow_delete(user=ana, handle=shop.handle)
    assert follow_facts(actor=shop.actor, viewer=ana) == ({"followers": 0, "following": 0}, False)
