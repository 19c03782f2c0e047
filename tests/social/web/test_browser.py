"""In a real browser: Ana logs in, meets a shop's post with a tagged product in her feed, likes
it and comments on it without a page reload, and goes to the product from the post. Then
screenshots of the social pages for people to look at."""

import re

import pytest
from playwright.sync_api import expect

from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.browser import log_in, shoot
from tests.factories import UserFactory
from tests.social.web.seed import seed_social

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_shopper_likes_comments_and_buys_from_a_post_in_her_feed(live_server, page):
    world = seed_social(pictures=False)
    nina = UserFactory(username="nina", display_name="Nina Keller")
    follow_create(user=nina, handle="atelier")
    drop = post_create(
        user=world["maya"],
        as_shop="atelier",
        text="Spring drop: the linen shirt in a new blue. #linen",
        product_ids=[world["shirt"].pk],
    )
    base = live_server.url
    log_in(page, base, "nina")

    page.goto(base + "/feed")
    post = page.locator(f"#post-{drop.pk}")
    expect(post).to_contain_text("Spring drop")
    expect(post.locator(".post-author")).to_have_text("Atelier Nord Shop")
    tagged = post.locator(".tagged-product", has_text="Linen shirt")
    expect(tagged).to_contain_text("€49.00")
    expect(tagged).to_contain_text("In stock")

    # htmx swaps the action bar: no page load happens (the marker survives).
    page.evaluate("window.__sameDocument = true")
    expect(post.locator(".action.like .count")).to_have_text("0")
    post.get_by_role("button", name=re.compile(r"^Like")).click()
    expect(post.locator(".action.like .count")).to_have_text("1")
    expect(post.get_by_role("button", name=re.compile(r"^Like"))).to_have_attribute(
        "aria-pressed", "true"
    )

    post.get_by_label("Your comment").fill("Ordering one for my sister!")
    post.get_by_role("button", name="Comment", exact=True).click()
    expect(post.locator(".card-comments")).to_contain_text("Ordering one for my sister!")
    expect(post.locator(".action.comment .count")).to_have_text("1")
    expect(post.get_by_label("Your comment")).to_have_value("")
    assert page.evaluate("window.__sameDocument") is True

    tagged = post.locator(".tagged-product", has_text="Linen shirt")
    # The shirt comes in sizes: the tag's buttons ask which one (commerce's choose page).
    tagged.get_by_role("link", name=re.compile(r"^Add to cart")).click()
    expect(page).to_have_url(re.compile(rf"/cart/add/{world['shirt'].pk}\?post={drop.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Linen shirt")

    page.go_back()
    page.locator(f"#post-{drop.pk} .tagged-product").get_by_role(
        "link", name=re.compile(r"^Buy now")
    ).click()
    expect(page).to_have_url(re.compile(rf"/cart/add/{world['shirt'].pk}\?post={drop.pk}&buy=1$"))

    # The comment is on the post page too, and the like is remembered.
    page.goto(base + drop.get_absolute_url())
    expect(page.locator("#comments")).to_contain_text("Ordering one for my sister!")
    expect(page.get_by_role("button", name=re.compile(r"^Like"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.console_errors == []


def test_screenshots_of_the_social_pages(live_server, page, browser):
    world = seed_social()
    base = live_server.url
    log_in(page, base, "ana")
    shots = {
        "feed": "/feed",
        "post": world["ana_post"].get_absolute_url(),
        "tag": "/tags/linen",
        "notifications": "/notifications",
        "profile": "/@ana",
        "shop": "/@atelier",
        "product": "/@atelier/products/linen-shirt",
    }
    for name, path in shots.items():
        page.goto(base + path)
        expect(page.locator("main")).to_be_visible()
        shoot(page, f"social-{name}")
    page.goto(base + "/feed")
    page.locator("article.post-card").first.get_by_role("button", name=re.compile("^Share")).click()
    expect(page.locator(".share-panel")).to_be_visible()
    shoot(page, "social-feed-share")
    assert page.console_errors == []

    mobile = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = mobile.new_page()
    log_in(phone, base, "ana")
    phone.goto(base + "/feed")
    shoot(phone, "social-feed-mobile")
    phone.goto(base + world["ana_post"].get_absolute_url())
    shoot(phone, "social-post-mobile")
    mobile.close()


def test_the_feed_scrolls_on_and_the_picker_searches_without_reloading(live_server, page):
    world = seed_social(pictures=False)
    for i in range(24):
        post_create(user=world["maya"], as_shop="roastery", text=f"Roast log {i}")
    base = live_server.url
    log_in(page, base, "ana")
    page.goto(base + "/feed")
    page.evaluate("window.__sameDocument = true")
    expect(page.locator("article.post-card")).to_have_count(20)

    page.locator(".timeline-more").scroll_into_view_if_needed()
    expect(page.locator("article.post-card")).to_have_count(30)
    expect(page.locator("article.post-card", has_text="Léo Martin reposted")).to_have_count(1)

    page.get_by_text("Tag products").click()  # the list fills in as it opens
    expect(page.locator("#product-picker .pick", has_text="Linen shirt")).to_have_count(1)
    page.get_by_label("Search products").fill("mug")
    expect(page.locator("#product-picker .pick")).to_have_count(1)
    expect(page.locator("#product-picker")).to_contain_text("Stoneware mug")
    page.locator("#product-picker .pick", has_text="Stoneware mug").click()
    page.get_by_label("Search products").fill("linen")
    expect(page.locator("#product-picker")).to_contain_text("Linen shirt")
    expect(
        page.locator("#product-picker .pick", has_text="Stoneware mug").locator("input")
    ).to_be_checked()
    assert page.evaluate("window.__sameDocument") is True

    page.get_by_label("What's new?").fill("Mug and shirt, a perfect Sunday")
    page.locator("#product-picker .pick", has_text="Linen shirt").click()
    page.get_by_role("button", name="Post", exact=True).click()
    mine = page.locator("article.post-card", has_text="a perfect Sunday")
    expect(mine.locator(".tagged-product")).to_have_count(2)
    assert page.console_errors == []
