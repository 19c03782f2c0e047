import pytest
from django.contrib import admin

from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_model_has_an_admin_that_lists_and_searches(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    ProductFactory(shop=ShopFactory())
    client.force_login(operator)
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url, {"q": "a"} if model_admin.search_fields else {})
        assert response.status_code == 200, url


def test_agora_models_are_registered():
    labels = {m._meta.label for m in admin.site._registry}
    assert {
        "accounts.User",
        "accounts.ApiToken",
        "shops.Shop",
        "shops.ShopMember",
        "catalog.Product",
        "catalog.Variant",
        "catalog.Category",
    } <= labels


def test_admin_refuses_people_who_are_not_site_staff(client):
    client.force_login(UserFactory())
    assert client.get("/admin/catalog/product/").status_code == 302


def test_every_agora_model_has_an_admin_screen_or_inline():
    from django.apps import apps

    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("agora.")
        and m not in admin.site._registry
        and m not in inline_models
    ]
    assert missing == []
