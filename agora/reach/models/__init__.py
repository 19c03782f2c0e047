"""Models, one module per feature."""

from agora.reach.models.feeds import FeedFile, FeedTarget

__all__ = ["FeedFile", "FeedTarget"]
