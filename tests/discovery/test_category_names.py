"""Categories are named in the page's language: English, French or German (English when a
category has no name in that language)."""

import pytest

from agora.catalog.models import Category
from agora.demo import data
from tests.factories import CategoryFactory, ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def apparel():
    parent = CategoryFactory(
        name="Apparel", name_fr="Vêtements", name_de="Bekleidung", slug="apparel"
    )
    kids = CategoryFactory(
        name="Kids", name_fr="Enfant", name_de="Kinder", slug="kids", parent=parent
    )
    ProductFactory(shop=ShopFactory(handle="kinderkram"), category=kids, title="Tiny dungarees")
    return parent


@pytest.mark.parametrize(
    ("lang", "parent", "child", "other"),
    [
        ("en", "Apparel", "Kids", "Bekleidung"),
        ("fr", "Vêtements", "Enfant", "Apparel"),
        ("de", "Bekleidung", "Kinder", "Apparel"),
    ],
)
def test_category_page_names_the_category_in_the_page_language(
    client, apparel, lang, parent, child, other
):
    page = client.get(f"/c/apparel?lang={lang}").content.decode()

    assert f"<h1>{parent}</h1>" in page
    assert child in page
    assert f"<h1>{other}</h1>" not in page


def test_category_index_and_filters_follow_the_language(client, apparel):
    index = client.get("/c?lang=de").content.decode()
    assert "Bekleidung" in index and "Kinder" in index

    shop = client.get("/@kinderkram?lang=fr").content.decode()
    assert "Enfant (1)" in shop  # the filters' category choice


def test_a_category_without_a_translation_keeps_its_english_name(client):
    CategoryFactory(name="Ceramics", slug="ceramics")

    page = client.get("/c/ceramics?lang=fr").content.decode()

    assert "<h1>Ceramics</h1>" in page


def test_every_demo_category_has_a_french_and_a_german_name():
    names = [*data.CATEGORIES, *(c for children in data.CATEGORIES.values() for c in children)]

    for name in names:
        french, german = data.CATEGORY_NAMES[name]
        assert french and german, name


def test_category_path_follows_the_language(apparel):
    from django.utils import translation

    kids = Category.objects.get(slug="kids")
    with translation.override("fr"):
        assert str(kids) == "Vêtements › Enfant"
    with translation.override("en"):
        assert str(kids) == "Apparel › Kids"


@pytest.mark.parametrize(
    ("language", "name", "path"),
    [("fr", "Enfant", "Vêtements › Enfant"), ("de", "Kinder", "Bekleidung › Kinder")],
)
def test_the_api_names_categories_in_the_language_of_the_request(
    client, apparel, language, name, path
):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    listed = client.get("/api/v1/products", **headers).json()["items"][0]
    detail = client.get(f"/api/v1/products/{listed['id']}", **headers).json()
    tree = client.get("/api/v1/categories", **headers).json()
    kids = next(c for c in tree if c["slug"] == "kids")

    assert (listed["category"]["name"], listed["category"]["path"]) == (name, path)
    assert (detail["category"]["name"], detail["category"]["path"]) == (name, path)
    assert (kids["name"], kids["path"]) == (name, path)
    english = client.get("/api/v1/products", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["items"][0]["category"]["name"] == "Kids"


def test_search_finds_a_product_by_its_category_name_in_another_language(client, apparel):
    from agora.discovery.services.search import search_index_rebuild

    search_index_rebuild()
    found = client.get("/api/v1/search", {"q": "Kinder", "type": "products"})

    assert [p["title"] for p in found.json()["items"]] == ["Tiny dungarees"]
