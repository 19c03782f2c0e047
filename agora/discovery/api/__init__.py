"""The discovery API: one router made of the feature routers (one module per feature)."""

from ninja import Router

from agora.discovery.api import browse

router = Router(tags=["discovery"])

from agora.discovery.api import picklists  # noqa: E402

router.add_router("", picklists.router)
from agora.discovery.api import recommendations  # noqa: E402

router.add_router("", recommendations.router)
router.add_router("/", browse.router)
from agora.discovery.api import search  # noqa: E402

router.add_router("", search.router)
from agora.discovery.api import trending  # noqa: E402

router.add_router("", trending.router)
