"""Agora on a phone: every page a buyer, a seller and a moderator reach fits a 320 and a 390 px
screen (nothing wider than the viewport), the header stays one row from 320 to 1280 px in
English, French and German, the tab bar marks where you are, and axe-core finds no serious
or critical accessibility problem on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from agora.accounts.models import User
from agora.social.models import Notification
from agora.social.services.notifications import notify
from agora.social.services.posts import post_create
from tests.browser import log_in, shoot
from tests.e2e.seed import seed_catalog
from tests.factories import UserFactory, make_checkout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONES = (320, 390)
HEADER_ROW = 64  # px: one row of the header (its logo, search, icons and menu)
OVERFLOW = "document.documentElement.scrollWidth > window.innerWidth"
# The innermost elements that stick out on the right: what the failure names.
CULPRITS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
    && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""


@pytest.fixture
def world():
    """Two shops (Maya runs them), a post tagging a product, Ana's order of it and a few
    notifications for her, a moderator."""
    seeded = seed_catalog(pictures=True)
    maya = User.objects.get(username="maya")
    shop, products = seeded["atelier"]
    shirt, tote = products[0], products[3]
    post = post_create(
        user=maya,
        text="New linen shirts, sewn in Lille: #linen #madeinfrance",
        product_ids=[shirt.pk, tote.pk],
        as_shop="atelier",
    )
    ana = UserFactory(username="ana", display_name="Ana Lima")
    UserFactory(username="mod", is_staff=True)
    payment = make_checkout(buyer=ana, items=[(tote.variants.first(), 1)])
    order = payment.checkout.orders.first()
    for _ in range(3):
        notify(recipients_of=ana.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)
    return {"shop": shop, "shirt": shirt, "tote": tote, "post": post, "order": order}


def _journeys(world) -> dict[str, list[str]]:
    shop, shirt, order = world["shop"], world["shirt"], world["order"]
    h = shop.handle
    common = [
        "/",
        "/feed",
        "/search",
        "/search?q=linen",
        "/trending",
        "/c",
        "/shops",
        f"/@{h}",
        f"/@{h}/products/{shirt.slug}",
        f"/posts/{world['post'].pk}",
        "/communities",
        "/lists",
        "/notifications",
        "/settings",
    ]
    return {
        "ana": [
            *common,
            "/@ana",
            "/cart",
            "/checkout",
            "/orders",
            f"/orders/{order.number}",
        ],
        "maya": [
            *common,
            "/@maya",
            "/dashboard/",
            f"/dashboard/{h}/",
            f"/dashboard/{h}/orders",
            f"/dashboard/{h}/orders/{order.number}",
            f"/dashboard/{h}/products/{shirt.pk}/edit",
            f"/dashboard/{h}/products/{shirt.pk}/media",
            f"/dashboard/{h}/analytics",
        ],
        "mod": [*common, "/@mod", "/moderation/"],
    }


def _fill_cart(page, base: str, world) -> None:
    page.goto(f"{base}/@{world['shop'].handle}/products/{world['tote'].slug}")
    page.get_by_role("button", name="Add to cart").first.click()
    expect(page.locator("#nav-cart .nav-count")).to_be_visible()


# English at both phone widths; French and German, whose words run longer, at the narrowest.
@pytest.mark.parametrize(("language", "widths"), [("en", PHONES), ("fr", (320,)), ("de", (320,))])
def test_no_page_is_wider_than_a_phone(live_server, browser, world, language, widths):
    base = live_server.url
    too_wide: list[str] = []
    for handle, paths in _journeys(world).items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        log_in(page, base, handle)
        if handle == "ana":
            _fill_cart(page, base, world)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
        for width in widths:
            page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                response = page.goto(base + path)
                assert response is not None and response.ok, f"{handle} {path}: {response}"
                expect(page.locator("html")).to_have_attribute("lang", language)
                if page.evaluate(OVERFLOW):
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    culprits = page.evaluate(CULPRITS)
                    too_wide.append(f"{handle} {path} at {width}px: {wide}px wide {culprits}")
                    name = path.strip("/").replace("/", "_")
                    shoot(page, f"too-wide-{language}-{handle}-{width}-{name}")
        context.close()
    assert too_wide == [], "\n".join(too_wide)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_header_is_one_row_from_320_to_1280_px(live_server, browser, world, language):
    base = live_server.url
    tall: list[str] = []
    for handle in ("", "ana", "maya", "mod"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        if handle:
            log_in(page, base, handle)
        page.goto(f"{base}/shops?lang={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        for width in (320, 360, 390, 640, 800, 1024, 1100, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            height = page.evaluate(
                "document.querySelector('.header-inner').getBoundingClientRect().height"
            )
            if height >= HEADER_ROW or page.evaluate(OVERFLOW):
                tall.append(f"{handle or 'visitor'} at {width}px: {height}px")
            if handle == "maya" and width in (320, 390, 1280):
                shoot(page, f"header-{language}-{width}", scroll=False)
        context.close()
    assert tall == []


def test_the_menu_holds_the_rest_and_the_tab_bar_marks_the_section(live_server, browser, world):
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    log_in(page, base, "mod")

    # The tab bar, at the bottom of a phone's screen, marks the feed.
    tabs = page.get_by_role("navigation", name="Tabs")
    expect(tabs.get_by_role("link", name="Feed")).to_have_attribute("aria-current", "page")
    box = tabs.bounding_box()
    assert box is not None and box["y"] + box["height"] == 844
    # The menu opens from the keyboard and holds the rest, with the moderator's links.
    menu = page.locator("summary", has_text="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    site = page.get_by_role("navigation", name="Site")
    for name in ("Shops", "Communities", "Pick lists", "Categories", "Trending", "Moderation"):
        expect(site.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(site.get_by_role("link", name="Admin")).to_have_attribute("href", "/admin/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.keyboard.press("Escape")  # closes it (a few lines of script; without, the summary)
    expect(site).to_be_hidden()
    menu.click()
    site.get_by_role("link", name="Moderation").click()
    expect(page).to_have_url(base + "/moderation/")
    expect(page.get_by_role("navigation", name="Tabs").locator("[aria-current]")).to_have_count(0)
    page.get_by_role("navigation", name="Tabs").get_by_role("link", name="Cart").click()
    expect(
        page.get_by_role("navigation", name="Tabs").get_by_role("link", name="Cart")
    ).to_have_attribute("aria-current", "page")
    # Nothing hides under the tab bar: the footer's last line stays above it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator(".site-footer").bounding_box()
    bar = page.get_by_role("navigation", name="Tabs").bounding_box()
    assert footer is not None and bar is not None
    assert footer["y"] + footer["height"] <= bar["y"] + 1
    context.close()


def test_a_visitor_does_not_see_the_moderators_links(live_server, page, world):
    page.goto(live_server.url + "/shops")
    page.locator("summary", has_text="Menu").click()
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name="Shops")).to_be_visible()
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()
    expect(site.get_by_role("link", name="Moderation")).to_have_count(0)
    expect(site.get_by_role("link", name="Admin")).to_have_count(0)


def test_axe_finds_no_serious_problem_on_the_main_pages(live_server, browser, world):
    axe = Axe()
    base = live_server.url
    shop, shirt = world["shop"], world["shirt"]
    problems: list[str] = []
    for handle, paths in {
        "": ["/", f"/@{shop.handle}", f"/@{shop.handle}/products/{shirt.slug}"],
        "ana": ["/feed", f"/@{shop.handle}/products/{shirt.slug}", "/cart", "/checkout"],
        "maya": ["/dashboard/", f"/dashboard/{shop.handle}/"],
    }.items():
        for width in (390, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if handle:
                log_in(page, base, handle)
            if handle == "ana":
                _fill_cart(page, base, world)
            for path in paths:
                page.goto(base + path)
                results = axe.run(page)
                for violation in results.response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in violation["nodes"]][:3]
                        problems.append(f"{path} at {width}px: {violation['id']} {targets}")
            context.close()
    assert problems == [], "\n".join(problems)
