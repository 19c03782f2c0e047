from django.urls import include, path

from agora.catalog import views

# "home" is a global name (LOGIN_REDIRECT_URL = "home"); the product pages live under the
# "catalog" namespace.
catalog_patterns = [
    path("@<str:handle>/products/<str:slug>", views.product_detail, name="product"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((catalog_patterns, "catalog"))),
]
