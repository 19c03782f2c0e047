"""The reach API: one router made of the feature routers (one module per feature)."""

from ninja import Router

router = Router(tags=["reach"])
