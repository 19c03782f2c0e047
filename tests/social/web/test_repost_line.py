"""The line over a repost in the feed ("Léo reposted") shows only the reposter's name and
link, so it is rendered once per process for them (`_fragments.static_part`): a new name or
another language shows at once, and a name is escaped."""

from __future__ import annotations

import pytest

from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from agora.social.services.reactions import repost_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reposted(world):
    leo = UserFactory(username="leo", display_name="Léo <b>Martin</b>")
    author = UserFactory(username="noor", display_name="Noor")
    follow_create(user=world.ana, handle="leo")
    post = post_create(user=author, text="Cold brew season is over")
    repost_set(user=leo, post=post)
    return leo


def line(client) -> str:
    page = client.get("/feed").content.decode()
    start = page.index('<p class="repost-line">')
    return page[start : page.index("</p>", start) + 4]


def test_the_repost_line_links_the_reposter_with_the_name_escaped(client, world, reposted):
    client.force_login(world.ana)

    shown = line(client)

    assert 'href="/@leo"' in shown
    assert "Léo &lt;b&gt;Martin&lt;/b&gt; reposted" in shown
    assert line(client) == shown


def test_a_new_name_shows_at_once(client, world, reposted):
    client.force_login(world.ana)
    line(client)
    reposted.display_name = "Léo M."
    reposted.save(update_fields=["display_name"])

    assert "Léo M. reposted" in line(client)


def test_each_language_has_its_own_line(client, world, reposted):
    client.force_login(world.ana)
    english = line(client)
    client.cookies["agora_language"] = "fr"
    french = line(client)
    client.cookies["agora_language"] = "de"
    german = line(client)

    assert "reposted" in english
    assert "Léo &lt;b&gt;Martin&lt;/b&gt; a republié" in french
    assert "Léo &lt;b&gt;Martin&lt;/b&gt; hat repostet" in german
