"""The storefront's views assemble every part of their pages (the social follow box, posts,
the product's community and comments) before rendering: its templates and the partials they
include only render what they are given. Only the site header (a project-level template: the
signed-in person's shops and unread badge) reads while the page renders."""

import sys
from pathlib import Path

import pytest
from django.db import connection

import agora
from agora.social.services.comments import comment_create
from agora.social.services.posts import post_create

pytestmark = pytest.mark.django_db

PROJECT_TEMPLATES = Path(agora.__file__).parent / "templates"


def _template_of_running_node() -> str | None:
    """The template file of the innermost template node being rendered, if any."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "render_annotated" and "django/template" in (
            frame.f_code.co_filename
        ):
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            return origin.name if origin is not None else "?"
        frame = frame.f_back
    return None


@pytest.fixture
def reads_while_rendering():
    """Template file → the queries that ran while one of its nodes rendered."""
    found: dict[str, list[str]] = {}

    def spy(execute, sql, params, many, context):
        template = _template_of_running_node()
        if template is not None:
            found.setdefault(template, []).append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield found


def _outside_the_header(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {t: q for t, q in found.items() if not Path(t).is_relative_to(PROJECT_TEMPLATES)}


@pytest.fixture
def social_world(world, shop_post):
    """Ana's post tags the shop's product and she asks a question under it."""
    post_create(user=world.ana, text="Wearing my new shirt", product_ids=[world.product.pk])
    comment_create(user=world.ana, text="Does it come in blue?", product=world.product)
    return world


PAGES = {
    "shop": ("/@atelier", ["<strong>1</strong> follower", "New in: our", "Linen shirt"]),
    "person": ("/@ana", ["<strong>1</strong> following", "Wearing my new shirt"]),
    "product": (
        "/@atelier/products/linen-shirt",
        ["From the community", "Wearing my new shirt", "Does it come in blue?", "Like"],
    ),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", [None, "ana", "maya"])
def test_storefront_pages_read_nothing_while_their_templates_render(
    client, signed_in, social_world, page, who, reads_while_rendering
):
    if who:
        signed_in(getattr(social_world, who))
    path, shown = PAGES[page]

    response = client.get(path)

    assert response.status_code == 200
    for text in shown:
        assert text in response.content.decode()
    assert _outside_the_header(reads_while_rendering) == {}
    if who:  # the spy sees template reads: the header's badge and shops are read in it
        assert any(Path(t).is_relative_to(PROJECT_TEMPLATES) for t in reads_while_rendering)


def test_home_reads_nothing_while_its_template_renders(client, social_world, reads_while_rendering):
    response = client.get("/")

    assert "Linen shirt" in response.content.decode()
    assert _outside_the_header(reads_while_rendering) == {}
