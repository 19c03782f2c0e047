"""The questions API."""

from ninja import Router

router = Router(tags=["community"])
