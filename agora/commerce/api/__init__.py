"""The commerce API: one router made of the family routers below."""

from ninja import Router

from agora.commerce.api import cart, checkout, coupons, orders, payments

router = Router(tags=["commerce"])
router.add_router("", cart.router)
router.add_router("", checkout.router)
router.add_router("", coupons.router)
router.add_router("", orders.router)
router.add_router("", payments.router)
