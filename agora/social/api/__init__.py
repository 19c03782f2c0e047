"""The social API: one router made of the family routers below."""

from ninja import Router

from agora.social.api import community, notifications, posts, shares, tags

router = Router()
router.add_router("", posts.router)
router.add_router("", shares.router)
router.add_router("", tags.router)
router.add_router("", notifications.router)
router.add_router("", community.router)
