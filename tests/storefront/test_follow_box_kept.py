"""The follow box on shop and profile pages is rendered once per process for what it shows
(`social.parts.follow_box_html`), the page's CSRF token and address written in per request:
each viewer still gets the right button for them, a new follower shows at once, and the form
works."""

import re

import pytest
from django.test import Client

from agora.social import parts
from agora.social.models import Follow
from agora.social.services.follows import follow_create
from tests.kept_pages import clears

pytestmark = pytest.mark.django_db


_fresh = clears(parts._FOLLOW_BOXES)


def _box(html: str) -> str:
    start = html.index('<div class="follow-box')
    return html[start : html.index("</div>", start)]


def test_each_viewer_gets_their_button_and_a_new_follower_shows_at_once(world):
    ana = Client(enforce_csrf_checks=True)
    ana.force_login(world.ana)  # follows the shop
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(world.stranger)

    mine = _box(ana.get("/@atelier").content.decode())
    theirs_html = stranger.get("/@atelier?sort=newest").content.decode()
    theirs = _box(theirs_html)
    visitor = _box(Client().get("/@atelier?sort=newest&q=a%22b").content.decode())

    assert 'action="/@atelier/unfollow"' in mine and "<strong>1</strong>" in mine
    assert 'action="/@atelier/follow"' in theirs and 'value="/@atelier?sort=newest"' in theirs
    assert 'href="/login?next=/%40atelier%3Fsort%3Dnewest%26q%3Da%2522b"' in visitor

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', theirs).group(1)
    response = stranger.post(
        "/@atelier/follow", {"csrfmiddlewaretoken": token, "next": "/@atelier"}
    )
    assert response.status_code == 302
    assert Follow.objects.filter(follower=world.stranger).count() == 1

    again = _box(stranger.get("/@atelier").content.decode())
    assert 'action="/@atelier/unfollow"' in again and "<strong>2</strong>" in again


def test_a_person_sees_no_button_on_their_own_profile(world):
    follow_create(user=world.stranger, handle="ana")
    ana = Client()
    ana.force_login(world.ana)

    own = _box(ana.get("/@ana").content.decode())
    other = Client()
    other.force_login(world.maya)
    theirs = _box(other.get("/@ana").content.decode())

    assert "<form" not in own and "<strong>1</strong>" in own
    assert 'action="/@ana/follow"' in theirs
