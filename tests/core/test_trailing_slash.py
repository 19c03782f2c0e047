"""Issue 11 #10: one address per page. `/cart/` and `/cart` both reach the cart: the form
that isn't canonical answers a permanent redirect to the one that is, query string kept."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD, ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def _plain_routes(patterns=None, prefix=""):
    """Every page path of the root URLconf that takes no argument (e.g. `cart`, `dashboard/`)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from _plain_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and prefix + route:
            yield "/" + prefix + route


# The admin answers its own (it sends anonymous visitors to its log-in first).
PLAIN = sorted(p for p in set(_plain_routes()) - {"/api/v1/"} if not p.startswith("/admin/"))


def _other_form(path: str) -> str:
    return path[:-1] if path.endswith("/") else path + "/"


def test_the_routes_under_test_include_the_main_pages():
    assert {"/cart", "/checkout", "/settings", "/feed", "/shops", "/dashboard/"} <= set(PLAIN)


@pytest.mark.parametrize("path", PLAIN)
def test_the_other_slash_form_of_every_page_redirects_permanently_keeping_the_query(client, path):
    for method in ("get", "head"):
        response = getattr(client, method)(_other_form(path) + "?lang=fr&x=%C3%A9")
        assert response.status_code == 301, (method, path)
        assert response["Location"] == path + "?lang=fr&x=%C3%A9"


def test_pages_with_arguments_redirect_too(client):
    owner = UserFactory(username="ana")
    shop = ShopFactory(owner=owner, handle="atelier")
    product = ProductFactory(shop=shop)
    for path in (
        reverse("shops:handle", args=["ana"]),
        reverse("shops:handle", args=["atelier"]),
        product.get_absolute_url(),
        reverse("social_web:tag", args=["café"]),
        reverse("social_web:actor-posts", args=["ana"]),
        reverse("dashboard:shop-settings", args=["atelier"]),
        "/api/v1/me",
    ):
        response = client.get(path + "/")
        assert (response.status_code, response["Location"]) == (301, path), path
    # dashboard shop pages are canonical with their slash (Django's APPEND_SLASH)
    shop_page = reverse("dashboard:shop", args=["atelier"])
    assert client.get(shop_page[:-1])["Location"] == shop_page


def test_both_forms_of_the_cart_reach_the_cart(client):
    client.force_login(UserFactory())
    assert client.get("/cart").status_code == 200
    response = client.get("/cart/", follow=True)
    assert response.redirect_chain == [("/cart", 301)]
    assert response.status_code == 200


def test_other_methods_are_redirected_keeping_the_method(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/settings/password/", {"old_password": PASSWORD})
    assert (response.status_code, response["Location"]) == (308, "/settings/password")


@pytest.mark.parametrize("path", ["/nowhere/", "/nowhere", "/cart//", "/settings/x/"])
def test_an_unknown_address_is_a_plain_404_in_either_form(client, path):
    response = client.get(path)
    assert response.status_code == 404
