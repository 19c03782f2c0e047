"""The badges line beside a person's name on post cards: read with prepared SQL and its HTML
kept per (set of badges, language), so a badge won or lost, a shop renamed or another language
shows at once, and the line is the same HTML the profile builds."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from agora.engagement.models import Award
from agora.engagement.selectors import badges_of_people
from agora.engagement.views.badges import CARD_BADGES, author_badges_html, badges_line
from agora.social.services.posts import post_create
from tests.factories import ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def award(person, kind: str, shop=None) -> Award:
    return Award.objects.create(holder=person, kind=kind, shop=shop, since=timezone.now())


def feed(client) -> str:
    return client.get("/feed").content.decode()


def test_a_badge_earned_or_lost_shows_on_the_feed_at_once(client):
    ana = UserFactory(username="ana")
    post_create(user=ana, text="Hello from Ana")
    client.force_login(ana)
    assert 'href="/badges/creator"' not in feed(client)

    creator = award(ana, "creator")
    assert 'href="/badges/creator"' in feed(client)

    creator.until = timezone.now()
    creator.save()
    assert 'href="/badges/creator"' not in feed(client)


def test_a_renamed_shop_shows_in_its_top_fans_badge_at_once(client):
    ana = UserFactory(username="ana")
    shop = ShopFactory(name="Atelier Nord")
    post_create(user=ana, text="Hello from Ana")
    award(ana, "top_fan", shop)
    client.force_login(ana)
    assert "Top fan of Atelier Nord" in feed(client)

    shop.name = "Atelier Sud"
    shop.save()
    html = feed(client)
    assert "Top fan of Atelier Sud" in html and "Atelier Nord" not in html


def test_the_card_line_follows_the_language_and_matches_the_profiles_line():
    ana = UserFactory(username="ana")
    shop = ShopFactory(name="Atelier <Nord>")
    for kind in ("first_purchase", "trendsetter", "creator", "expert"):
        award(ana, kind)
    award(ana, "top_fan", shop)
    award(ana, "verified_buyer", shop)
    actor = ana.actor_id

    for language in ("en", "de", "en"):
        with translation.override(language):
            line = author_badges_html(actor_ids=[actor])[actor]
            profile = badges_line(badges_of_people(user_ids=[ana.pk])[ana.pk], limit=CARD_BADGES)
            assert line == profile
            assert line.count('class="badge ') == CARD_BADGES
            assert "Atelier &lt;Nord&gt;" in line  # escaped
    with translation.override("de"):
        assert "Top-Fan von" in author_badges_html(actor_ids=[actor])[actor]


def test_people_without_badges_and_no_people_get_no_line(django_assert_num_queries):
    ana = UserFactory(username="ana")
    with django_assert_num_queries(0):
        assert author_badges_html(actor_ids=[]) == {}
    with django_assert_num_queries(1):
        assert author_badges_html(actor_ids=[ana.actor_id]) == {}
