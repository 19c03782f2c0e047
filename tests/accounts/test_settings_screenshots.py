"""The settings page in a real browser at phone and desktop widths, with the note that a new
password revokes the API tokens and a refused bidi display name; saved in screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from agora.accounts.services import token_create
from tests.conftest import CHROMIUM
from tests.factories import UserFactory

SHOTS = Path(settings.BASE_DIR) / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_settings_page_and_a_refused_bidi_display_name(browser, live_server, width):
    user = UserFactory(username="ana", display_name="Ana Lima")
    token_create(user=user, name="Inventory script")
    client = Client()
    client.force_login(user)
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    try:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        response = page.goto(live_server.url + "/settings")
        assert response is not None and response.status == 200
        note = page.locator("#password-note")
        assert "revokes all your API tokens" in note.inner_text()
        page.screenshot(path=str(SHOTS / f"settings-{width}.png"), full_page=True)

        page.fill("#id_display_name", "\u202eamiL anA")
        page.get_by_role("button", name="Save profile").click()
        page.wait_for_load_state()
        error = page.locator("#id_display_name_error")
        assert "U+202E" in error.inner_text()
        assert page.locator("#id_display_name").get_attribute("aria-invalid") == "true"
        page.locator("#profile").screenshot(path=str(SHOTS / f"settings-bidi-error-{width}.png"))
        page.screenshot(path=str(SHOTS / f"settings-bidi-error-page-{width}.png"), full_page=True)
        assert errors == [] or all("400" in e for e in errors), errors
    finally:
        context.close()
