"""Models, one module per feature."""

from agora.discovery.models.search import SearchDocument
from agora.discovery.models.trending import HEAT_SCALE, NO_HEAT, PostTrend, ProductTrend, TagTrend

__all__ = ["HEAT_SCALE", "NO_HEAT", "PostTrend", "ProductTrend", "SearchDocument", "TagTrend"]
