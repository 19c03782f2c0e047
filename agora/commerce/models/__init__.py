from agora.commerce.models.cart import Cart, CartLine
from agora.commerce.models.coupons import Coupon, CouponRedemption
from agora.commerce.models.holds import Hold
from agora.commerce.models.orders import Order, OrderLine, ShopBalanceEntry
from agora.commerce.models.payments import Checkout, Payment, PaymentAttempt, PaymentEvent, Refund

__all__ = [
    "Cart",
    "CartLine",
    "Checkout",
    "Coupon",
    "CouponRedemption",
    "Hold",
    "Order",
    "OrderLine",
    "Payment",
    "PaymentAttempt",
    "PaymentEvent",
    "Refund",
    "ShopBalanceEntry",
]
