"""The discovery API: one router made of the feature routers (one module per feature)."""

from ninja import Router

router = Router(tags=["discovery"])

from agora.discovery.api import trending  # noqa: E402

router.add_router("", trending.router)
