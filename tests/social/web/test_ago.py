"""When a post was made, as its card words it (`social_tags.ago`): the words for a count and
the date's spelling are kept per language, so each language keeps its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from agora.social.templatetags.social_tags import ago

# This folder's conftest writes buffered page views around every test.
pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)

WORDS = {
    "en": ["just now", "1 minute ago", "59 minutes ago", "1 hour ago", "23 hours ago",
           "1 day ago", "6 days ago", "November 30", "Dec. 6, 2025"],
    "fr": ["à l'instant", "il y a 1 minute", "il y a 59 minutes", "il y a 1 heure",
           "il y a 23 heures", "il y a 1 jour", "il y a 6 jours", "30 novembre",
           "6 décembre 2025"],
    "de": ["gerade eben", "vor 1 Minute", "vor 59 Minuten", "vor 1 Stunde", "vor 23 Stunden",
           "vor 1 Tag", "vor 6 Tagen", "30. November", "6. Dezember 2025"],
}  # fmt: skip
AGES = [
    timedelta(seconds=59),
    timedelta(seconds=60),
    timedelta(minutes=59, seconds=59),
    timedelta(hours=1),
    timedelta(hours=23, minutes=59),
    timedelta(days=1),
    timedelta(days=6, hours=23),
    timedelta(days=7),
    timedelta(days=366),
]


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_each_age_in_each_language_and_again_from_what_is_kept(frozen_now, language):
    with translation.override(language):
        first = [ago(NOW - age) for age in AGES]
        again = [ago(NOW - age) for age in AGES]

    assert first == again == WORDS[language]


def test_languages_keep_their_own_words(frozen_now):
    with translation.override("de"):
        german = ago(NOW - timedelta(days=30))
    with translation.override("en"):
        english = ago(NOW - timedelta(days=30))

    assert (german, english) == ("7. November", "November 7")


def test_the_date_is_the_day_where_the_viewer_is(frozen_now):
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)

    with translation.override("en"), timezone.override("Europe/Berlin"):
        berlin = ago(late)
    with translation.override("en"), timezone.override("UTC"):
        utc = ago(late)

    assert (berlin, utc) == ("November 21", "November 20")


def test_nothing_gives_nothing():
    assert ago(None) == ""
