"""Text from people is inert on every page, and list pages cost a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.social.services.comments import comment_create
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import like_set
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMG = '<img src=x onerror="alert(1)">'


def test_html_in_a_post_is_escaped_on_every_page(client, world):
    post = post_create(
        user=world.ana, text=f"{SCRIPT} {IMG} #safe javascript:alert(1) https://ok.example/a"
    )
    client.force_login(world.ana)

    for url in ("/feed", f"/posts/{post.pk}", "/tags/safe", "/@ana", "/@ana/posts"):
        html = client.get(url).content.decode()
        assert SCRIPT not in html and IMG not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url
        assert 'href="javascript:' not in html, url
    html = client.get(f"/posts/{post.pk}").content.decode()
    assert '<a href="https://ok.example/a" rel="nofollow ugc noopener"' in html
    assert "<title>Ana Lima: “&lt;script&gt;" in html  # the title is escaped too


def test_html_in_a_comment_is_escaped_on_the_page_and_in_htmx_answers(client, world, shop_post):
    comment_create(user=world.stranger, post=shop_post, text=SCRIPT)
    client.force_login(world.ana)

    page = client.get(f"/posts/{shop_post.pk}").content.decode()
    fragment = client.post(
        f"/posts/{shop_post.pk}/comments", {"text": IMG}, HTTP_HX_REQUEST="true"
    ).content.decode()

    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert IMG not in fragment and "&lt;img src=x onerror=" in fragment


def test_html_in_a_product_comment_is_escaped(client, world):
    comment_create(user=world.stranger, product=world.product, text=SCRIPT)
    html = client.get("/@atelier/products/linen-shirt").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html


def _feed_world(n: int):
    """A follower whose feed holds n posts by n different accounts, each with a product tag,
    a like and a comment."""
    reader = UserFactory()
    for i in range(n):
        author = UserFactory()
        product = ProductFactory()
        post = post_create(user=author, text=f"Post {i} #tag", product_ids=[product.pk])
        follow_create(user=reader, handle=author.username)
        like_set(user=reader, post=post)
        comment_create(user=author, post=post, text="first")
    return reader


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [5, 30])
def test_the_feed_costs_the_same_queries_at_5_and_30_posts(client, n, django_assert_num_queries):
    """Session and person (2), the header (1), the timeline rows with the viewer's likes and
    reposts, media, product tags (3), the viewer's shops (1), the page's badges (1), the feed
    tabs' staleness check (1); +1 each for the page's polls and creators' partnerships when
    there are any. 12 when the cards were model instances."""
    reader = _feed_world(n)
    client.force_login(reader)
    client.get("/feed")  # first visit may rebuild; measure a normal one
    with django_assert_num_queries(9):
        html = client.get("/feed").content.decode()
    assert html.count('class="post-card"') == min(n, 20)


def test_the_feed_query_count_does_not_grow_with_the_page(client):
    small = _feed_world(5)
    client.force_login(small)
    client.get("/feed")
    at_five = _queries(client, "/feed")
    big = _feed_world(30)
    client.force_login(big)
    client.get("/feed")
    assert _queries(client, "/feed") == at_five


@pytest.mark.parametrize("n", [5, 30])
def test_the_post_page_costs_the_same_queries_at_5_and_30_comments(
    client, world, shop_post, n, django_assert_num_queries
):
    """Session and person (2), the post with its author and the viewer's like and repost (1),
    its media, product tags and covers (3), the comments and their replies (2), the viewer's
    shops (1), the header (1); a person author's badges would be one more. 12 before."""
    for i in range(n):
        parent = comment_create(user=UserFactory(), post=shop_post, text=f"Comment {i}")
        comment_create(user=UserFactory(), post=shop_post, text="Reply", parent_id=parent.pk)
    client.force_login(world.ana)
    with django_assert_num_queries(10):
        html = client.get(f"/posts/{shop_post.pk}").content.decode()
    assert html.count('class="comment"') == 2 * n


@pytest.mark.parametrize("n", [5, 30])
def test_tag_and_profile_pages_cost_constant_queries(client, world, n):
    for i in range(n):
        post_create(user=world.ana, text=f"#steady {i}", product_ids=[world.product.pk])
    client.force_login(world.stranger)
    assert _queries(client, "/tags/steady") <= 9  # 12 with the cards as model instances
    # The profile page's own queries (person, expertise, shops), follow counts with the viewer's
    # follow (one), posts, and the header (one).
    assert _queries(client, "/@ana") <= 14  # 17 with the cards as model instances
