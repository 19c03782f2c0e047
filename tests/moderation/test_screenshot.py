"""The moderator page in a real browser, saved as screenshots/moderation.png for review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from agora.moderation.services import post_hide, report_create, report_resolve
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create
from tests.conftest import CHROMIUM
from tests.factories import ProductFactory, ShopFactory, UserFactory

SHOTS = Path(settings.BASE_DIR) / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


def seed():
    moderator = UserFactory(username="mira", display_name="Mira (moderator)", is_staff=True)
    seller = UserFactory(username="quick_deals", display_name="Quick Deals")
    chatty = UserFactory(username="chatty", display_name="Chatty")
    reporters = [UserFactory(username=n) for n in ("ana", "bruno", "chloe", "dev")]
    shop = ShopFactory(
        handle="luxe_for_less",
        name="Luxe for Less",
        description="Designer bags at 90% off. Totally genuine.",
    )
    bag = ProductFactory(shop=shop, title="Designer tote bag", description="100% real leather.")
    spam = post_create(user=seller, text="Genuine watches for 20€!!! DM me #deals #watches")
    fine = post_create(user=chatty, text="Loving my new linen shirt #summer")
    rude = comment_create(user=chatty, post=spam, text="This is a scam, everyone report it")
    comment_create(user=seller, post=fine, text="Buy followers cheap at example.test")
    old = post_create(user=seller, text="Yesterday's spam")
    r = report_create
    r(
        reporter=reporters[0],
        target_type="post",
        target_id=spam.pk,
        reason="scam",
        details="Counterfeit watches.",
    )
    r(reporter=reporters[1], target_type="comment", target_id=rude.pk, reason="harassment")
    r(
        reporter=reporters[2],
        target_type="shop",
        target_id=shop.pk,
        reason="intellectual_property",
        details="Sells fakes.",
    )
    r(
        reporter=reporters[3],
        target_type="product",
        target_id=bag.pk,
        reason="other",
        details="Not leather.",
    )
    r(
        reporter=reporters[0],
        target_type="person",
        target_id=seller.pk,
        reason="spam",
        details="Spams every hashtag\nwith the same watch links.",
    )
    done, _ = r(reporter=reporters[1], target_type="post", target_id=old.pk, reason="spam")
    report_resolve(moderator=moderator, report=done, action="hide")
    post_hide(moderator=moderator, post=old)
    return moderator


@pytest.mark.django_db(transaction=True)
def test_the_moderation_page_in_a_browser(browser, live_server):

    moderator = seed()
    client = Client()
    client.force_login(moderator)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    SHOTS.mkdir(exist_ok=True)
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")

    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        response = page.goto(live_server.url + "/moderation/")
        assert response is not None
        assert response.status == 200
        assert page.locator(".report").count() == 5
        assert page.get_by_role("button", name="Dismiss").count() == 5
        page.screenshot(path=str(SHOTS / "moderation.png"), full_page=True)

        # Dismiss one from the page: the queue shrinks and the audit list says so.
        page.locator(".report").first.get_by_role("button", name="Dismiss").click()
        page.wait_for_load_state()
        assert page.locator(".report").count() == 4
        assert page.locator(".message").first.inner_text().endswith("dismissed.")
        assert "dismissed a report" in page.locator(".audit").inner_text()

        context.set_default_timeout(5000)
        mobile = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
        mobile.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        phone = mobile.new_page()
        phone.goto(live_server.url + "/moderation/")
        phone.screenshot(path=str(SHOTS / "moderation-mobile.png"), full_page=True)
        assert errors == []
    finally:
        for open_context in browser.contexts:
            open_context.close()
