from django.contrib import admin
from django.urls import include, path, re_path

from agora.api import api
from agora.core import views as core_views
from agora.core.routing import RouteCache

admin.site.site_header = "Agora administration"
admin.site.site_title = "Agora"

handler400 = "agora.core.views.bad_request"
handler404 = "agora.core.views.not_found"
handler500 = "agora.core.views.server_error"

# The site's routes, each path's match kept once found (core.routing).
routes = [
    # The storefront's pages (home, /@handle, /@handle/products/<slug>, the shop list) first:
    # the busiest pages are found after a handful of patterns instead of several hundred. Only
    # they can match what they match (`str` stops at a slash, so the other apps' /@handle/...
    # routes stay theirs; tests/core/test_urlconf.py holds it).
    path("", include("agora.storefront.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    re_path(r"^media/(?P<path>.+)$", core_views.serve_media, name="media"),
    # Prefixed includes before the "" ones: a path they do not start is passed over at once,
    # where each "" include tries every one of its patterns.
    path("dashboard/", include("agora.dashboard.urls")),
    path("", include("agora.accounts.urls")),
    path("", include("agora.social.urls")),
    path("moderation/", include("agora.moderation.urls")),
    path("", include("agora.social.web_urls")),
    path("", include("agora.commerce.urls")),
    path("", include("agora.commerce.web_urls")),
    path("", include("agora.engagement.urls")),
    path("", include("agora.discovery.urls")),
    path("", include("agora.community.urls")),
    path("", include("agora.reach.urls")),
    # Very last: `/cart/` → `/cart` (the other trailing-slash form of any page).
    path("", include("agora.core.trailing_slash")),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("bench/bare", core_views.bench_bare, name="bench-bare"),
    path("favicon.ico", core_views.root_icon, {"name": "favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png",
        core_views.root_icon,
        {"name": "apple-touch-icon.png"},
        name="apple-touch-icon",
    ),
    RouteCache(routes),
]
