"""The community API: one router made of the feature routers below."""

from ninja import Router

from agora.community.api import forums, questions, reviews

router = Router(tags=["community"])
router.add_router("", reviews.router)
router.add_router("", questions.router)
router.add_router("", forums.router)
