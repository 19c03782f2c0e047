"""/search: the header's box on every page, tabs, filters, cards, the empty state, the pager;
in a real browser at phone and desktop widths (screenshots in screenshots/search-*.png)."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from playwright.sync_api import expect

from agora.catalog.schemas import product_changes
from agora.catalog.services import product_update
from agora.discovery.services.search import search_index_rebuild
from agora.social.services.posts import post_create
from tests.browser import shoot_at_widths
from tests.discovery.trending_world import liked_by, owner_of, refresh
from tests.factories import ProductFactory, UserFactory
from tests.kept_pages import read_twice, rendered

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
    with django_assert_max_num_queries(5):
        page = client.get("/search", {"q": "bowl"})
    assert page.content.decode().count("product-card") >= min(n, 24)


def _titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="card-link" href="[^"]*">([^<]*)</a>', html)]


def _next(html: str) -> str | None:
    found = re.search(r'href="\?([^"]*cursor=[^"]*)" rel="next"', html)
    return unescape(found.group(1)) if found else None


def test_best_matches_come_in_score_order_across_the_pager(client, catalog):
    goods = catalog["shops"]["goods"]
    for i in range(26):
        ProductFactory(shop=goods, title=f"Ceramic bowl {i}")
    ProductFactory(shop=goods, title="Bowl, bowl and bowl", description="A bowl of bowls.")
    search_index_rebuild()
    api = client.get("/api/v1/search", {"q": "bowl", "limit": 24}).json()

    first = client.get("/search", {"q": "bowl"}).content.decode()

    titles = _titles(first)
    assert titles == [item["title"] for item in api["items"]]  # the API reads instances
    assert titles[0] == "Bowl, bowl and bowl"  # the best match first
    query = _next(first)
    assert query is not None
    rest = _titles(client.get("/search?" + query).content.decode())
    assert len(titles) == 24 and len(rest) == 3
    assert sorted(titles + rest) == sorted(
        ["Bowl, bowl and bowl", *(f"Ceramic bowl {i}" for i in range(26))]
    )


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_result_cards_carry_the_popular_label(client, catalog, sort):
    hot = ProductFactory(title="Hot stoneware cup")
    ProductFactory(title="Cold stoneware cup")
    liked_by(hot, 3)
    refresh()
    search_index_rebuild()

    html = client.get("/search", {"q": "stoneware cup", "sort": sort}).content.decode()

    assert html.count("Popular on Agora") == 1
    card = html[html.index("Hot stoneware cup") :]
    assert card.index("Popular on Agora") < card.index("</article>")
    assert "Cold stoneware cup" in html


def test_a_new_price_shows_at_once_on_the_cached_card(client, catalog):
    mug = catalog["products"]["mug"]
    assert "€15.00" in client.get("/search", {"q": "mug"}).content.decode()
    product_update(
        actor=owner_of(mug.shop),
        product=mug,
        changes=product_changes({"price": {"amount": 1700, "currency": "EUR"}}),
    )

    html = client.get("/search", {"q": "mug"}).content.decode()

    assert "€17.00" in html and "€15.00" not in html


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


def test_product_results_are_kept_whole_and_posts_never(client, catalog):
    html = read_twice(client, "/search?q=mug", "discovery/search.html")
    assert "Café mug" in html and "€15.00" in html
    posts = [client.get("/search", {"q": "mug", "type": "posts"}) for _ in range(2)]
    assert all("discovery/search.html" in rendered(p) for p in posts)  # each viewer's likes


def test_best_matches_score_every_match_in_one_pass_of_the_index(client, catalog):
    """SQLite: the words' matches are scored once for the statement (a materialized CTE),
    not matched again per product (the word's whole list read per row: 40 s for a word
    10,000 products share)."""
    if connection.vendor != "sqlite":
        pytest.skip("the full-text index is SQLite's FTS5; PostgreSQL ranks its own way")
    for i in range(5):
        ProductFactory(shop=catalog["shops"]["goods"], title=f"Ceramic bowl {i}")
    search_index_rebuild()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search", {"q": "bowl"}).status_code == 200
    scored = [q["sql"] for q in captured.captured_queries if "bm25" in q["sql"]]
    assert scored
    with connection.cursor() as cursor:
        plan = [row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + scored[0]).fetchall()]
    assert any(step.startswith("MATERIALIZE") for step in plan)
    assert not any("VIRTUAL TABLE INDEX 0:=" in step for step in plan)  # no match per row
