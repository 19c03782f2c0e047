"""What the browser tests share: signing in through the log-in page, and full-page
screenshots (to screenshots/, gitignored) with lazy images loaded."""

from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from tests.factories import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"


def log_in(page, base: str, handle: str) -> None:
    """Signs `handle` in through the log-in form and waits for the signed-in navigation: the
    header's notifications icon, there at every width (the Feed link is in the wide header,
    the phone's tab bar and the menu in between)."""
    page.goto(base + "/login")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Notifications")).to_be_visible()


def shoot(page, name: str, *, scroll: bool = True) -> Path:
    """Saves a full-page screenshot as screenshots/<name>.png; with `scroll`, scrolls through
    the page first so lazily loaded images are in the picture."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_load_state("networkidle")
    if scroll:
        height = page.evaluate("document.body.scrollHeight")
        for y in range(0, height, 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(60)
        page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def shoot_at_widths(page, name: str, widths: tuple[int, ...] = (390, 1280)) -> None:
    """The page at each of `widths` (screenshots/<name>-<width>.png), then back to 1280 px."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        shoot(page, f"{name}-{width}", scroll=False)
    page.set_viewport_size({"width": 1280, "height": 900})
