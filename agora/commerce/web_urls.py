"""Shopper pages of commerce: cart, checkout, the test provider's payment page, orders."""

from django.urls import path

from agora.commerce.views import cart, checkout, orders, payment_page

app_name = "commerce_web"

urlpatterns = [
    path("cart", cart.cart_page, name="cart"),
    path("cart/add/<id:product_id>", cart.cart_add, name="cart-add"),
    path("buy/<id:product_id>", cart.cart_add, {"buy": True}, name="buy"),
    path("cart/lines/<id:line_id>", cart.cart_line_update, name="line-update"),
    path("cart/lines/<id:line_id>/remove", cart.cart_line_remove, name="line-remove"),
    path("cart/coupon", cart.cart_coupon, name="coupon"),
    path("checkout", checkout.checkout_page, name="checkout"),
    path("pay/<id:payment_id>", payment_page.payment_page, name="pay"),
    path("orders", orders.order_list, name="orders"),
    path("orders/<str:number>", orders.order_detail, name="order"),
    path("orders/<str:number>/cancel", orders.order_cancel_view, name="order-cancel"),
]
