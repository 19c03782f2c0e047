"""In a real browser: Nina votes on a shop's image poll in her feed and sees the results appear
without a page load; then screenshots of polls (open, voted, closed, the composer) at phone
and desktop widths, in /tmp/shots-polls/ for people to look at."""

import re

import pytest
from playwright.sync_api import expect

from agora.engagement.models import Poll
from agora.engagement.services import poll_vote
from agora.media.services import media_upload
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.browser import SCREENSHOTS, log_in, shoot
from tests.engagement.conftest import close_now, png, poll_body
from tests.factories import ShopFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


SWATCHES = [("Terracotta", (194, 65, 12)), ("Sage", (132, 158, 120)), ("Ink", (30, 41, 74))]


def _image_poll(owner, text="Which colour for the linen shirt this summer? #vote", **poll):
    options = [
        {
            "label": label,
            "image_media_id": media_upload(
                uploader=owner, file=png(f"{label}.png", color=color), alt=f"{label} swatch"
            ).pk,
        }
        for label, color in SWATCHES
    ]
    post = post_create(
        user=owner,
        as_shop="atelier",
        text=text,
        poll={**poll_body(**poll), "options": options},
    )
    return Poll.objects.get(post=post)


@pytest.fixture
def world(db):
    maya = UserFactory(username="maya", display_name="Maya Roux")
    ShopFactory(handle="atelier", name="Atelier Nord", owner=maya)
    nina = UserFactory(username="nina", display_name="Nina Keller")
    follow_create(user=nina, handle="atelier")
    return {"maya": maya, "nina": nina}


def test_a_shopper_votes_on_an_image_poll_and_sees_the_results(live_server, page, world):
    poll = _image_poll(world["maya"])
    for label in ("Sage", "Sage", "Ink"):
        option = poll.options.get(label=label)
        poll_vote(user=UserFactory(), poll=poll, option_id=option.pk)
    base = live_server.url
    log_in(page, base, "nina")

    page.goto(base + "/feed")
    card = page.locator(f"#poll-{poll.pk}")
    expect(card.locator("img")).to_have_count(3)
    expect(card).not_to_contain_text("%")
    page.evaluate("window.__sameDocument = true")
    card.get_by_label("Terracotta").check()
    card.get_by_role("button", name="Vote").click()

    # htmx swapped the poll in place: the results, with Nina's vote among them.
    expect(card.locator(".poll-option.mine")).to_contain_text("Terracotta")
    expect(card.locator(".poll-option.mine")).to_contain_text("25%")
    expect(card.locator(".poll-option", has_text="Sage")).to_contain_text("50%")
    expect(card.locator(".poll-meta")).to_contain_text("4 votes")
    assert page.evaluate("window.__sameDocument") is True

    # She changes her mind before the deadline: her vote moves, it is not added.
    card.get_by_text("Change your vote").click()
    card.get_by_label("Ink").check()
    card.get_by_role("button", name="Change my vote").click()
    expect(card.locator(".poll-option.mine")).to_contain_text("Ink")
    expect(card.locator(".poll-option.mine")).to_contain_text("50%")
    expect(card.locator(".poll-meta")).to_contain_text("4 votes")
    assert page.console_errors == []


def test_screenshots_of_polls(live_server, page, browser, world):
    maya, nina = world["maya"], world["nina"]
    closed = _image_poll(maya, text="Last month's vote: which colour should we make?")
    for label in ("Sage", "Sage", "Terracotta", "Sage", "Ink"):
        poll_vote(user=UserFactory(), poll=closed, option_id=closed.options.get(label=label).pk)
    close_now(closed.pk)
    post_create(
        user=maya,
        as_shop="atelier",
        text="Quick one: which collar? Results once the poll closes.",
        poll=poll_body(
            ("Mandarin collar", "Classic collar", "Camp collar"), results_visibility="after_close"
        ),
    )
    voted = _image_poll(maya)
    for label in ("Sage", "Terracotta", "Sage"):
        poll_vote(user=UserFactory(), poll=voted, option_id=voted.options.get(label=label).pk)
    poll_vote(user=nina, poll=voted, option_id=voted.options.get(label="Sage").pk)
    fresh = _image_poll(maya, text="New drop: pick the colour of our next tote bag!")
    base = live_server.url

    for width, height, suffix in ((1280, 900, "desktop"), (390, 844, "mobile")):
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=width < 500
        )
        phone = context.new_page()
        log_in(phone, base, "nina")
        phone.goto(base + "/feed")
        expect(phone.locator(f"#poll-{fresh.pk}")).to_be_visible()
        shoot(phone, f"polls-feed-{suffix}")
        phone.goto(base + voted.post.get_absolute_url())
        shoot(phone, f"polls-post-voted-{suffix}")
        phone.goto(base + closed.post.get_absolute_url())
        expect(phone.locator(f"#poll-{closed.pk} .poll-option.winner")).to_contain_text("Sage")
        shoot(phone, f"polls-post-closed-{suffix}")
        context.close()

    log_in(page, base, "maya")
    page.goto(base + closed.post.get_absolute_url())
    expect(page.get_by_role("button", name="Make the winner a product")).to_be_visible()
    shoot(page, "polls-post-closed-shop")
    page.goto(base + "/feed")
    page.get_by_text("Add a poll").click()
    page.get_by_label("Option 1", exact=True).fill("Terracotta")
    page.get_by_label("Option 2", exact=True).fill("Sage")
    page.locator(".composer").screenshot(path=str(SCREENSHOTS / "polls-composer.png"))
    page.goto(base + closed.post.get_absolute_url())
    page.get_by_role("button", name="Make the winner a product").click()
    expect(page).to_have_url(re.compile(r"/dashboard/atelier/products/\d+/edit$"))
    assert page.console_errors == []
