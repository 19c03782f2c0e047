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
