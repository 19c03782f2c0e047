"""A post's tagged products sit in the feed without the order pages' step markers: no small
circle, no connector line at the top left of each row (the feed's list of posts and the order
status list share the `.timeline` name)."""

import pytest

from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.browser import log_in, shoot_at_widths
from tests.factories import ProductFactory, UserFactory
from tests.social.web.seed import seed_social

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKERS = """() => [...document.querySelectorAll('.tagged-product')].map(li => [
  getComputedStyle(li, '::before').content, getComputedStyle(li, '::after').content,
  getComputedStyle(li).paddingLeft])"""


def test_tagged_product_rows_carry_no_step_markers(live_server, page):
    world = seed_social(pictures=False)
    nina = UserFactory(username="nina")
    follow_create(user=nina, handle="atelier")
    second = ProductFactory(shop=world["shirt"].shop, title="Linen trousers")
    post = post_create(
        user=world["maya"],
        as_shop="atelier",
        text="Two new pieces in linen. #linen",
        product_ids=[world["shirt"].pk, second.pk],
    )
    base = live_server.url
    log_in(page, base, "nina")
    page.goto(base + "/feed")
    shoot_at_widths(page, "tagged-products-feed")

    for path in ("/feed", f"/posts/{post.pk}", "/@atelier"):
        page.goto(base + path)
        rows = page.evaluate(MARKERS)
        assert len(rows) >= 2, path
        for before, after, _padding in rows:
            assert before in ("none", "normal"), (path, before)
            assert after in ("none", "normal"), (path, after)
