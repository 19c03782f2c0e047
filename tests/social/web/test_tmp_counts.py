import pytest
from agora.social.services.posts import post_create
from tests.social.web.test_safety import _feed_world, _queries

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("n", [5, 30])
def test_counts(client, world, shop_post, n):
    reader = _feed_world(n)
    client.force_login(reader)
    client.get("/feed")
    print("FEED", n, _queries(client, "/feed"))
    for i in range(n):
        post_create(user=world.ana, text=f"#steady {i}", product_ids=[world.product.pk])
    client.force_login(world.stranger)
    print("TAG", n, _queries(client, "/tags/steady"), "ANA", _queries(client, "/@ana"), "ANAPOSTS", _queries(client, "/@ana/posts"))
    print("POST", n, _queries(client, f"/posts/{shop_post.pk}"))
    client.logout()
    print("ANON TAG", n, _queries(client, "/tags/steady"), "ANA", _queries(client, "/@ana"), "POST", _queries(client, f"/posts/{shop_post.pk}"))
