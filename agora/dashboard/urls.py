from django.urls import path

from agora.dashboard.views import media, products, shops

app_name = "dashboard"
urlpatterns = [
    path("", shops.home, name="home"),
    path("<str:handle>/", shops.shop_detail, name="shop"),
    path("<str:handle>/settings", shops.shop_settings, name="shop-settings"),
    path("<str:handle>/staff/add", shops.staff_add, name="staff-add"),
    path("<str:handle>/staff/remove", shops.staff_remove, name="staff-remove"),
    path("<str:handle>/products/new", products.product_new, name="product-new"),
    path("<str:handle>/products/<int:product_id>/edit", products.product_edit, name="product-edit"),
    path(
        "<str:handle>/products/<int:product_id>/archive",
        products.product_archive,
        name="product-archive",
    ),
    path("<str:handle>/products/<int:product_id>/media", media.media_list, name="product-media"),
    path(
        "<str:handle>/products/<int:product_id>/media/<int:media_id>",
        media.media_edit,
        name="media-edit",
    ),
    path(
        "<str:handle>/products/<int:product_id>/media/<int:media_id>/delete",
        media.media_delete,
        name="media-delete",
    ),
]
