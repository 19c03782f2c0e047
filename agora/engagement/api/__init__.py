"""The engagement API: one router made of the feature routers below."""

from ninja import Router

from agora.engagement.api import loyalty, polls, referrals

router = Router(tags=["engagement"])
router.add_router("", polls.router)
router.add_router("", loyalty.router)
router.add_router("", referrals.router)

from agora.engagement.api import campaigns  # noqa: E402

router.add_router("", campaigns.router)
from agora.engagement.api import partnerships  # noqa: E402

router.add_router("", partnerships.router)
