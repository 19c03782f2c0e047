from django.urls import path

from agora.dashboard.views import analytics, media, orders, products, shops

app_name = "dashboard"
urlpatterns = [
    path("", shops.home, name="home"),
    path("analytics/me", analytics.my_analytics, name="analytics-me"),
    path("analytics/me.csv", analytics.my_analytics, {"fmt": "csv"}, name="analytics-me-csv"),
    path("<str:handle>/", shops.shop_detail, name="shop"),
    path("<str:handle>/settings", shops.shop_settings, name="shop-settings"),
    path("<str:handle>/staff/add", shops.staff_add, name="staff-add"),
    path("<str:handle>/staff/remove", shops.staff_remove, name="staff-remove"),
    path("<str:handle>/products/new", products.product_new, name="product-new"),
    path("<str:handle>/products/<id:product_id>/edit", products.product_edit, name="product-edit"),
    path(
        "<str:handle>/products/<id:product_id>/archive",
        products.product_archive,
        name="product-archive",
    ),
    path("<str:handle>/products/<id:product_id>/media", media.media_list, name="product-media"),
    path(
        "<str:handle>/products/<id:product_id>/media/<id:media_id>",
        media.media_edit,
        name="media-edit",
    ),
    path(
        "<str:handle>/products/<id:product_id>/media/<id:media_id>/delete",
        media.media_delete,
        name="media-delete",
    ),
    path("<str:handle>/orders", orders.order_list, name="orders"),
    path("<str:handle>/orders/<str:number>", orders.order_detail, name="order"),
    path("<str:handle>/orders/<str:number>/ship", orders.order_ship_view, name="order-ship"),
    path(
        "<str:handle>/orders/<str:number>/deliver", orders.order_deliver_view, name="order-deliver"
    ),
    path("<str:handle>/orders/<str:number>/refund", orders.order_refund_view, name="order-refund"),
    path("<str:handle>/orders/<str:number>/cancel", orders.order_cancel_view, name="order-cancel"),
    path("<str:handle>/analytics", analytics.shop_analytics, name="analytics-shop"),
    path(
        "<str:handle>/analytics.csv",
        analytics.shop_analytics,
        {"fmt": "csv"},
        name="analytics-shop-csv",
    ),
    path(
        "<str:handle>/analytics/posts/<id:post_id>",
        analytics.post_analytics,
        name="analytics-post",
    ),
    path(
        "<str:handle>/analytics/posts/<id:post_id>.csv",
        analytics.post_analytics,
        {"fmt": "csv"},
        name="analytics-post-csv",
    ),
    path(
        "<str:handle>/analytics/posts/<id:post_id>/panel",
        analytics.post_panel,
        name="analytics-post-panel",
    ),
    path(
        "<str:handle>/analytics/products/<id:product_id>",
        analytics.product_analytics,
        name="analytics-product",
    ),
    path(
        "<str:handle>/analytics/products/<id:product_id>.csv",
        analytics.product_analytics,
        {"fmt": "csv"},
        name="analytics-product-csv",
    ),
    path(
        "<str:handle>/analytics/products/<id:product_id>/panel",
        analytics.product_panel,
        name="analytics-product-panel",
    ),
]
