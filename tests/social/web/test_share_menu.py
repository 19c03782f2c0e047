"""Everyone can share: visitors get a share menu with the page's address, "Copy link" and the
networks' links (plain links without JavaScript); signed-in people keep their personal link,
with "Copy link" too."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, shoot_at_widths
from tests.social.web.seed import seed_social

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_a_visitor_sees_a_share_menu_on_a_post(client, shop_post, settings):
    page = html(client.get(f"/posts/{shop_post.pk}"))

    assert 'class="share-menu"' in page
    assert f'value="{settings.AGORA_BASE_URL}/posts/{shop_post.pk}"' in page
    assert f'data-share-copy="{settings.AGORA_BASE_URL}/posts/{shop_post.pk}"' in page
    assert "Copy link" in page
    assert "https://x.com/intent/post?url=" in page  # the no-JS fallback: plain links
    assert "/static/social/share" in page  # the script, once
    assert page.count("social/share") == 1


def test_a_visitor_sees_a_share_menu_on_a_product_and_in_a_timeline(client, world, shop_post):
    product_page = html(client.get(world.product.get_absolute_url()))
    profile = html(client.get("/@atelier"))

    assert "share-menu" in product_page and "Copy link" in product_page
    assert "share-menu" in profile and "Copy link" in profile


def test_the_personal_link_panel_offers_copy_link(client, world, shop_post, signed_in):
    signed_in(world.ana)

    page = html(client.post(f"/posts/{shop_post.pk}/share"))

    assert "Your personal link" in page
    assert "data-share-copy=" in page and "Copy link" in page
    assert "Link copied" in page  # the confirmation the script shows


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_copy_link_copies_and_says_so_in_a_browser(live_server, browser):
    world = seed_social(pictures=False)
    from agora.social.services.posts import post_create

    post = post_create(user=world["maya"], as_shop="atelier", text="Linen, again. #linen")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/posts/{post.pk}")

    menu = page.locator(".post-card .share-menu").first
    menu.locator("summary").click()
    copy = menu.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    shoot_at_widths(page, "share-menu-visitor")
    copy.click()

    expect(menu.get_by_role("status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/posts/{post.pk}")
    assert not errors, errors  # no CSP violation
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_signed_in_share_panel_has_copy_link(live_server, page):
    world = seed_social(pictures=False)
    from agora.social.services.posts import post_create

    post = post_create(user=world["maya"], as_shop="atelier", text="Linen, again. #linen")
    log_in(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/posts/{post.pk}")
    page.locator(".post-card button.action.share").first.click()

    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    assert not page.console_errors, page.console_errors
