"""Twenty simultaneous follows of one list by one person leave one follow and a count of 1;
twenty people following at once all count (real threads against a real server)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.discovery.models import PickList, PickListFollow, PickListItem
from agora.discovery.services.picklists import picklist_create
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _hit(url, tokens, method="post", body=None):
    def one(token):
        return requests.request(
            method, url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(one, tokens))


def test_twenty_simultaneous_follows_by_one_person_count_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    picklist = picklist_create(user=UserFactory(), title="Picks")
    _token, raw = token_create(user=UserFactory())
    url = f"{live_server.url}/api/v1/picklists/{picklist.pk}/follow"
    responses = _hit(url, [raw] * 20)
    assert {r.status_code for r in responses} == {200}
    assert {r.json()["follower_count"] for r in responses} == {1}
    assert PickListFollow.objects.filter(picklist=picklist).count() == 1
    assert PickList.objects.get(pk=picklist.pk).follower_count == 1
    _hit(url, [raw] * 10, method="delete")
    assert PickList.objects.get(pk=picklist.pk).follower_count == 0


def test_twenty_people_following_at_once_all_count(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    picklist = picklist_create(user=UserFactory(), title="Picks")
    tokens = [token_create(user=UserFactory())[1] for _ in range(20)]
    _hit(f"{live_server.url}/api/v1/picklists/{picklist.pk}/follow", tokens)
    assert PickList.objects.get(pk=picklist.pk).follower_count == 20


def test_one_product_added_twenty_times_at_once_is_on_the_list_once(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    owner = UserFactory()
    picklist = picklist_create(user=owner, title="Picks")
    product = ProductFactory()
    _token, raw = token_create(user=owner)
    responses = _hit(
        f"{live_server.url}/api/v1/picklists/{picklist.pk}/items",
        [raw] * 20,
        body={"product_id": product.pk},
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 19
    assert PickListItem.objects.filter(picklist=picklist).count() == 1
    assert PickList.objects.get(pk=picklist.pk).item_count == 1
