"""The discovery API: one router made of the feature routers (one module per feature)."""

from ninja import Router

from agora.discovery.api import browse

router = Router(tags=["discovery"])
router.add_router("/", browse.router)
