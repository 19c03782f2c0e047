"""English, French and German pages: choosing the language, switching it, the catalogs."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db

FRENCH_PRICE = "19,99\xa0€"  # Babel's fr_FR: comma decimals, no-break space before the sign
GERMAN_PRICE = "19,99\xa0€"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def product():
    shop = ShopFactory(handle="roastery", name="The Roastery")
    return ProductFactory(shop=shop, title="House blend", slug="house-blend", price_amount=1999)


def test_lang_parameter_shows_the_product_page_in_french(client, product):
    response = client.get("/@roastery/products/house-blend?lang=fr")

    page = html(response)
    assert '<html lang="fr">' in page
    assert response["Content-Language"] == "fr"
    assert FRENCH_PRICE in page
    assert "Ajouter au panier" in page
    assert "Add to cart" not in page


@pytest.mark.parametrize("way", ["lang parameter", "accept-language", "cookie"])
def test_each_way_of_choosing_french_gives_french_text_and_prices(client, product, way):
    url, headers = "/@roastery/products/house-blend", {}
    if way == "lang parameter":
        url += "?lang=fr"
    elif way == "accept-language":
        headers["Accept-Language"] = "fr-FR,fr;q=0.9"
    else:
        client.cookies["agora_language"] = "fr"

    page = html(client.get(url, headers=headers))

    assert '<html lang="fr">' in page
    assert FRENCH_PRICE in page
    assert "Ajouter au panier" in page
    assert "Acheter maintenant" in page
    assert ">Accueil</a>" in page


def test_english_is_the_default(client, product):
    page = html(client.get("/@roastery/products/house-blend"))

    assert '<html lang="en">' in page
    assert "€19.99" in page
    assert "Add to cart" in page


def test_accept_language_picks_french(client, product):
    page = html(client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}))

    assert '<html lang="fr">' in page
    assert FRENCH_PRICE in page
    assert "Nouveaux produits" in page


def test_language_cookie_picks_german_over_accept_language(client, product):
    client.cookies["agora_language"] = "de"

    page = html(client.get("/", headers={"Accept-Language": "fr"}))

    assert '<html lang="de">' in page
    assert GERMAN_PRICE in page
    assert "Neue Produkte" in page


def test_unknown_language_falls_back_to_english(client, product):
    page = html(client.get("/?lang=xx", headers={"Accept-Language": "es"}))

    assert '<html lang="en">' in page
    assert "€19.99" in page


def test_language_switch_sets_the_cookie_and_goes_back(client, product):
    response = client.post(
        "/language", {"language": "fr", "next": "/@roastery/products/house-blend"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/@roastery/products/house-blend"
    assert response.cookies["agora_language"].value == "fr"
    assert client.session["agora_language"] == "fr"
    page = html(client.get("/@roastery/products/house-blend"))
    assert '<html lang="fr">' in page
    assert FRENCH_PRICE in page


def test_language_switch_is_saved_on_the_profile_and_applies_at_next_sign_in(
    client, signed_in, product
):
    person = UserFactory()
    signed_in(person)

    client.post("/language", {"language": "de", "next": "/"})

    person.refresh_from_db()
    assert person.language == "de"
    client.post("/logout")
    client.cookies.clear()
    signed_in(person)
    assert '<html lang="de">' in html(client.get("/"))


def test_language_switch_drops_a_lang_override_from_the_page_it_returns_to(client):
    response = client.post("/language", {"language": "de", "next": "/shops?lang=fr&cursor=abc"})

    assert response["Location"] == "/shops?cursor=abc"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "http://127.0.0.1:8000@evil.example/",
        "javascript:alert(1)",
    ],
)
def test_language_switch_never_redirects_to_another_site(client, target):
    response = client.post("/language", {"language": "fr", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_ignores_an_unknown_language(client):
    response = client.post("/language", {"language": "xx", "next": "/shops"})

    assert response["Location"] == "/shops"
    assert "agora_language" not in response.cookies


def test_language_switch_needs_post(client):
    assert client.get("/language?language=fr").status_code == 405


def test_hreflang_links_keep_the_other_query_parameters(client, product):
    page = html(client.get("/@roastery/products/house-blend?opt-size=M&lang=de"))

    assert (
        'hreflang="fr" href="http://127.0.0.1:8000/@roastery/products/house-blend'
        '?opt-size=M&amp;lang=fr"'
    ) in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", {"Sign in": "Se connecter", "Sold out": "Épuisé", "Settings": "Paramètres"}),
        ("de", {"Sign in": "Anmelden", "Sold out": "Ausverkauft", "Settings": "Einstellungen"}),
    ],
)
def test_catalogs_translate_the_interface(language, expected):
    with translation.override(language):
        for english, translated in expected.items():
            assert gettext(english) == translated
        assert gettext("This handle is already taken.") != "This handle is already taken."
        assert "3" in ngettext("Only %(counter)s left", "Only %(counter)s left", 3) % {"counter": 3}
        assert ngettext("Only %(counter)s left", "Only %(counter)s left", 3) != (
            "Only %(counter)s left"
        )
