"""The social API: one router made of the family routers below."""

from ninja import Router

from agora.social.api import posts

router = Router()
router.add_router("", posts.router)
