"""/search: the header's box on every page, tabs, filters, cards, the empty state, the pager;
in a real browser at phone and desktop widths (screenshots in screenshots/search-*.png)."""

import pytest
from playwright.sync_api import expect

from agora.discovery.services.search import search_index_rebuild
from agora.social.services.posts import post_create
from tests.browser import shoot_at_widths
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_a_labelled_search_box_in_its_header(client, catalog):
    page = client.get("/").content.decode()
    assert 'role="search"' in page
    assert 'action="/search"' in page
    assert 'for="header-search-q"' in page


def test_the_page_shows_product_cards_for_inflected_words(client, catalog):
    page = client.get("/search", {"q": "chaussures"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chaussure de marche" in html
    assert "product-card" in html
    assert "Robe d" not in html


def test_tabs_keep_the_words_and_show_each_kind(client, catalog):
    author = UserFactory(username="claire", language="fr")
    post_create(user=author, text="Mes robes préférées #robes")
    search_index_rebuild()
    html = client.get("/search", {"q": "robe"}).content.decode()
    assert 'href="?q=robe&amp;type=posts"' in html
    posts = client.get("/search", {"q": "robe", "type": "posts"}).content.decode()
    assert "Mes robes préférées" in posts
    tags = client.get("/search", {"q": "robe", "kind": "tags"}).content.decode()
    assert "#robes" in tags
    shops = client.get("/search", {"q": "lune", "type": "shops"}).content.decode()
    assert "Maison Lune" in shops
    people = client.get("/search", {"q": "claire", "type": "people"}).content.decode()
    assert "@claire" in people


def test_filters_apply_and_errors_name_the_field(client, catalog):
    html = client.get("/search", {"q": "bags", "in_stock": "true"}).content.decode()
    assert "Nothing found" in html
    html = client.get("/search", {"q": "bags", "min_price": "cheap"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert "Enter a number." in html


def test_typos_say_the_results_are_spelled_alike(client, catalog):
    html = client.get("/search", {"q": "leathr"}).content.decode()
    assert "Leather bags" in html
    assert "spelled alike" in html


def test_hostile_words_never_break_the_page(client, catalog):
    for q in ['"', "NEAR(", "' OR 1=1 --", "x" * 10_000]:
        assert client.get("/search", {"q": q}).status_code == 200


@pytest.mark.parametrize("n", [5, 30])
def test_the_page_query_count_is_the_same_at_5_and_30_results(
    client, catalog, n, django_assert_max_num_queries
):
    for i in range(n):
        ProductFactory(shop=catalog["shops"]["goods"], title=f"Ceramic bowl {i}")
    search_index_rebuild()
    with django_assert_max_num_queries(12):
        page = client.get("/search", {"q": "bowl"})
    assert page.content.decode().count("product-card") >= min(n, 24)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_searching_from_the_header_in_a_browser(live_server, page, catalog):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/")
    page.get_by_role("searchbox", name="Search Agora").fill("Taschen")
    page.get_by_role("searchbox", name="Search Agora").press("Enter")
    expect(page.get_by_role("heading", name="Results for “Taschen”")).to_be_visible()
    expect(page.get_by_role("link", name="Tasche aus Leder")).to_be_visible()
    shoot_at_widths(page, "search-products")
    page.goto(base + "/search?q=robe&min_price=9&max_price=1")
    shoot_at_widths(page, "search-errors")
    # At phone width the header keeps its rows: the box is a button that opens /search.
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(base + "/")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(base + "/search?q=")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
