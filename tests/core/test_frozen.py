"""`{% frozen %}` blocks: the body rendered once per key and language, the live holes on every
request; and the site header and footer built on them stay right for each viewer."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, override_settings
from django.utils import translation

from agora.core.bounded import BoundedLRU
from agora.core.templatetags import frozen
from agora.social.models import Notification
from agora.social.services.notifications import notify
from tests.factories import ShopFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh():
    frozen.forget()
    yield
    frozen.forget()


TEMPLATE = Template(
    '{% load frozen %}{% frozen "t" kind %}[{{ body }}|{% live %}{{ hole }}{% endlive %}'
    "|{% if kind == 'a' %}A{% live %}<{{ hole }}>{% endlive %}{% endif %}]{% endfrozen %}"
)


def _render(**context) -> str:
    return TEMPLATE.render(Context(context))


def test_the_body_is_kept_per_key_and_the_holes_render_every_time():
    assert _render(kind="a", body="one", hole="x") == "[one|x|A<x>]"
    # Same key: the body is what was kept; the holes follow the new context.
    assert _render(kind="a", body="two", hole="y") == "[one|y|A<y>]"
    # Another key renders its own body once.
    assert _render(kind="b", body="three", hole="z") == "[three|z|]"
    assert _render(kind="b", body="four", hole="w") == "[three|w|]"


def test_holes_are_escaped_and_cannot_pose_as_markers():
    html = _render(kind="a", body="<b>", hole="<script>\x001\x00")
    assert "<script>" not in html
    assert "&lt;b&gt;" in html
    assert "&lt;script&gt;" in html


def test_each_language_keeps_its_own_rendering():
    template = Template(
        '{% load frozen i18n %}{% frozen "lang" %}{% translate "Home" %}{% endfrozen %}'
    )
    with translation.override("fr"):
        french = template.render(Context({}))
    with translation.override("de"):
        german = template.render(Context({}))
    with translation.override("en"):
        english = template.render(Context({}))
    assert (english, french, german) == ("Home", "Accueil", "Startseite")


def test_a_live_block_in_an_included_template_stays_live():
    inner = Template("{% load frozen %}<{{ body }}|{% live %}{{ hole }}{% endlive %}>")
    outer = Template('{% load frozen %}{% frozen "inc" %}[{% include inner %}]{% endfrozen %}')
    assert outer.render(Context({"inner": inner, "body": "one", "hole": "x"})) == "[<one|x>]"
    assert outer.render(Context({"inner": inner, "body": "two", "hole": "y"})) == "[<one|y>]"
    # Included outside a frozen block, the same template renders whole.
    assert inner.render(Context({"body": "two", "hole": "y"})) == "<two|y>"


def test_a_frozen_block_inside_another_keeps_its_holes_live():
    """The inner block's live parts become the outer block's: never baked into its text."""
    inner = Template(
        '{% load frozen %}{% frozen "inner" %}({{ body }}:{% live %}{{ hole }}{% endlive %})'
        "{% endfrozen %}"
    )
    outer = Template(
        '{% load frozen %}{% frozen "outer" %}[{{ body }}{% include inner %}'
        '{% frozen "direct" %}{% live %}{{ hole }}{% endlive %}{% endfrozen %}]{% endfrozen %}'
    )
    assert outer.render(Context({"inner": inner, "body": "one", "hole": "x"})) == "[one(one:x)x]"
    assert outer.render(Context({"inner": inner, "body": "two", "hole": "y"})) == "[one(one:y)y]"
    # The inner block alone kept its own rendering the first time and is live on its own too.
    assert inner.render(Context({"body": "three", "hole": "z"})) == "(one:z)"


def test_a_nested_frozen_block_is_looked_up_under_its_own_key():
    template = Template(
        '{% load frozen %}{% frozen "outer" %}[{{ body }}|'
        '{% frozen "inner" kind %}{{ kind }}:{{ body }}{% endfrozen %}]{% endfrozen %}'
    )
    assert template.render(Context({"kind": "a", "body": "one"})) == "[one|a:one]"
    # The outer text is kept; the inner block follows its own key, rendered once per value.
    assert template.render(Context({"kind": "b", "body": "two"})) == "[one|b:two]"
    assert template.render(Context({"kind": "a", "body": "three"})) == "[one|a:one]"


def test_when_false_the_body_renders_every_time_with_its_nested_blocks_kept():
    template = Template(
        '{% load frozen %}{% frozen "page" key when key %}<{{ body }}'
        '{% frozen "chrome" %}|{{ body }}{% endfrozen %}>{% endfrozen %}'
    )
    assert template.render(Context({"key": "", "body": "one"})) == "<one|one>"
    assert template.render(Context({"key": "", "body": "two"})) == "<two|one>"
    # With a key, the page is kept under it.
    assert template.render(Context({"key": "k", "body": "three"})) == "<three|one>"
    assert template.render(Context({"key": "k", "body": "four"})) == "<three|one>"


def test_when_must_come_last_with_one_condition():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load frozen %}{% frozen "x" when a b %}{% endfrozen %}')


def test_the_kept_renderings_are_bounded_by_their_length(monkeypatch):
    monkeypatch.setattr(frozen, "_KEPT", BoundedLRU(100, max_weight=10, weigh=frozen._length))
    assert _render(kind="a", body="123456", hole="") == "[123456||A<>]"
    assert _render(kind="b", body="abcdef", hole="") == "[abcdef||]"  # a goes: 20 > 10
    assert _render(kind="a", body="new", hole="") == "[new||A<>]"


@pytest.mark.parametrize(
    "inner",
    [
        "{% live %}{{ s }}{% endlive %}",
        '{% frozen "card" s %}{{ s }}{% endfrozen %}',
    ],
)
def test_a_hole_in_a_loop_inside_a_frozen_block_is_refused(inner):
    template = Template(
        '{% load frozen %}{% frozen "loop" %}{% for s in shops %}<' + inner + ">{% endfor %}"
        "{% endfrozen %}"
    )
    with pytest.raises(TemplateSyntaxError, match="loop"):
        template.render(Context({"shops": ["c", "d"], "s": "a"}))


def test_a_frozen_block_in_a_loop_outside_any_frozen_block_keeps_one_rendering_per_key():
    template = Template(
        '{% load frozen %}{% for s in shops %}{% frozen "card" s %}<{{ s }}{{ n }}>'
        "{% endfrozen %}{% endfor %}"
    )
    assert template.render(Context({"shops": ["c", "d"], "n": 1})) == "<c1><d1>"
    assert template.render(Context({"shops": ["d", "e"], "n": 2})) == "<d1><e2>"


def test_a_frozen_block_inside_a_loop_may_hold_live_holes_of_its_own():
    """The loop is outside the block being kept: the holes belong to that iteration's block."""
    template = Template(
        '{% load frozen %}{% for s in shops %}{% frozen "row" s %}[{% live %}{{ s }}{{ n }}'
        "{% endlive %}]{% endfrozen %}{% endfor %}"
    )
    assert template.render(Context({"shops": ["c", "d"], "n": 1})) == "[c1][d1]"
    assert template.render(Context({"shops": ["c", "d"], "n": 2})) == "[c2][d2]"


def test_the_least_recently_used_rendering_goes_first(monkeypatch):
    monkeypatch.setattr(frozen, "_KEPT", BoundedLRU(2))
    _render(kind="a", body="a1", hole="")
    _render(kind="b", body="b1", hole="")
    _render(kind="a", body="a2", hole="")  # a is used again: b is now the oldest
    _render(kind="c", body="c1", hole="")  # over the bound: b goes
    assert _render(kind="a", body="a3", hole="") == "[a1||A<>]"
    assert _render(kind="b", body="b2", hole="") == "[b2||]"


@override_settings(DEBUG=True)
def test_with_debug_the_body_is_rendered_every_time():
    assert _render(kind="a", body="one", hole="x") == "[one|x|A<x>]"
    assert _render(kind="a", body="two", hole="y") == "[two|y|A<y>]"


def test_a_frozen_block_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load frozen %}{% frozen name %}{% endfrozen %}")


# --- The site chrome -------------------------------------------------------------------------


def _csrf_in_forms(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


@pytest.mark.django_db
def test_the_header_shows_each_person_their_own_name_count_and_links(client):
    """Two people one after the other: each sees their handle, their unread count and the
    Dashboard link only when they run a shop, never the previous person's."""
    seller = UserFactory(username="seller_one")
    ShopFactory(owner=seller)
    notify(recipients_of=seller.actor, kind=Notification.Kind.FOLLOW, actor=UserFactory().actor)
    buyer = UserFactory(username="buyer_two")

    client.force_login(seller)
    first = client.get("/shops").content.decode()
    client.force_login(buyer)
    second = client.get("/shops").content.decode()

    assert "@seller_one" in first and 'href="/dashboard/"' in first
    assert 'nav-count">1<span class="visually-hidden"> unread' in first
    assert "@buyer_two" in second and "@seller_one" not in second
    assert 'href="/dashboard/"' not in second
    assert "nav-count" not in second.split("</header>")[0]


@pytest.mark.django_db
def test_the_header_marks_the_current_page_and_carries_this_requests_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    shops = client.get("/shops").content.decode()
    header = shops.split("</header>")[0]
    assert re.search(r'href="/shops" aria-current="page"', header)
    assert 'href="/feed" aria-current' not in header
    feed_header = client.get("/feed").content.decode().split("</header>")[0]
    assert re.search(r'href="/feed" aria-current="page"', feed_header)
    assert 'href="/shops" aria-current' not in feed_header
    # The log-out and language forms carry a token that the CSRF check accepts.
    tokens = _csrf_in_forms(header)
    assert tokens
    token = tokens.pop()
    action = re.search(r'<form class="lang-switch" method="post" action="([^"]+)"', header)
    assert action
    data = {"language": "fr", "next": "/shops"}
    refused = client.post(action[1], data)
    assert refused.status_code == 403
    response = client.post(action[1], {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_language_form_returns_to_this_page_and_the_search_box_keeps_its_query(client):
    html = client.get("/search?q=%3Cb%3Elinen").content.decode()
    header = html.split("</header>")[0]
    assert 'name="next" value="/search?q=%3Cb%3Elinen"' in header
    assert 'value="&lt;b&gt;linen"' in header
    other = client.get("/shops").content.decode().split("</header>")[0]
    assert 'name="next" value="/shops"' in other
    assert "linen" not in other


@pytest.mark.django_db
def test_the_chrome_follows_the_language(client):
    german = client.get("/shops?lang=de").content.decode()
    french = client.get("/shops?lang=fr").content.decode()
    assert "Se connecter" in french.split("</header>")[0]
    assert "Sign in" not in german.split("</header>")[0]
    assert 'aria-pressed="true"><span aria-hidden="true">DE' in german
    assert 'aria-pressed="true"><span aria-hidden="true">FR' in french


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "home"),
        ("/feed", "feed"),
        ("/c", "categories"),
        ("/c/coffee", "categories"),
        ("/lists", "lists"),
        ("/lists/summer", "list"),
        ("/communities/knitting", "communities"),
        ("/moderation/queue", "moderation"),
        ("/settings/addresses", "settings"),
        ("/dashboard/kaffee/analytics", "dashboard"),
        ("/@ana", "profile"),
        ("/@bob", ""),
        ("/feedback", ""),
    ],
)
def test_each_path_belongs_to_one_section(path, section):
    from agora.core.nav import section_of

    assert section_of(path, "/@ana") == section


@pytest.mark.django_db
def test_the_own_profile_is_marked_for_its_owner_only(client):
    ana, bob = UserFactory(username="ana_p"), UserFactory(username="bob_p")

    client.force_login(ana)
    own = client.get("/@ana_p").content.decode().split("</header>")[0]
    client.force_login(bob)
    other = client.get("/@ana_p").content.decode().split("</header>")[0]
    own_bob = client.get("/@bob_p").content.decode()

    assert 'href="/@ana_p" aria-current="page">@ana_p</a>' in own
    assert "aria-current" not in other.split('class="menu-account"')[1]
    assert 'href="/@bob_p" aria-current="page">@bob_p</a>' in own_bob
    tabs = own_bob.split('class="tab-bar"')[1].split("</nav>")[0]
    assert re.search(r'href="/@bob_p" aria-current="page"', tabs)
