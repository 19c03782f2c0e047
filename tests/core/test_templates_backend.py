"""Renders let go of their context when they end (core.templates_backend), so what a page was
rendered with is freed at once, by reference counting, not by a later cyclic collection."""

from __future__ import annotations

import gc
import weakref

import pytest
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory

from agora.core.templates_backend import DjangoTemplates


class Card:
    title = "Linen shirt"


@pytest.fixture
def no_cyclic_collection():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_the_django_alias_is_this_backend():
    assert isinstance(engines["django"], DjangoTemplates)


@pytest.mark.parametrize("with_request", [False, True])
def test_the_values_a_render_was_given_are_freed_when_it_ends(no_cyclic_collection, with_request):
    card = Card()
    gone = weakref.ref(card)
    request = RequestFactory().get("/") if with_request else None
    template = engines["django"].from_string("{% with t=card.title %}<p>{{ t }}</p>{% endwith %}")

    html = template.render({"card": card}, request)
    del card

    assert html == "<p>Linen shirt</p>"
    assert gone() is None


@pytest.mark.django_db
def test_a_page_and_a_partial_render_as_before(no_cyclic_collection, rf):
    request = rf.get("/")
    page = render_to_string(
        "social/post_card.html#repost", {"repost_name": "Léo", "repost_url": "/@leo"}
    )

    assert 'href="/@leo"' in page and "Léo reposted" in page
    assert get_template("social/post_card.html#repost").render(
        {"repost_name": "A", "repost_url": "/"}, request
    )
