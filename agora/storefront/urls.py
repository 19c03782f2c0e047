"""The storefront's pages keep the names they had when their domains served them: `home`
(global: LOGIN_REDIRECT_URL), `catalog:product` and `shops:handle` (which `get_absolute_url`
of products, shops and people reverse). The `shops` namespace is shops' own list page plus the
`/@handle` dispatcher. The root URLconf includes it first (the busiest pages); its patterns
match no path another app's route matches (tests/core/test_urlconf.py)."""

from django.urls import include, path

from agora.shops import urls as shops_urls
from agora.storefront import product, views

catalog_patterns = [
    path("@<str:handle>/products/<str:slug>", product.product_detail, name="product"),
]

shops_patterns = [
    *shops_urls.urlpatterns,
    # Shops and people share one handle namespace.
    path("@<str:handle>", views.handle_page, name="handle"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((catalog_patterns, "catalog"))),
    path("", include((shops_patterns, shops_urls.app_name))),
]
