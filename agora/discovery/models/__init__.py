"""Models, one module per feature."""

from agora.discovery.models.picklists import PickList, PickListFollow, PickListItem
from agora.discovery.models.recommendations import Recommendation, RecommendationState
from agora.discovery.models.search import SearchDocument
from agora.discovery.models.trending import (
    EPOCH,
    HEAT_SCALE,
    NO_HEAT,
    PostTrend,
    ProductTrend,
    TagTrend,
    TrendAccount,
    TrendWatermark,
)

__all__ = [
    "EPOCH",
    "HEAT_SCALE",
    "NO_HEAT",
    "PickList",
    "PickListFollow",
    "PickListItem",
    "PostTrend",
    "ProductTrend",
    "Recommendation",
    "RecommendationState",
    "SearchDocument",
    "TagTrend",
    "TrendAccount",
    "TrendWatermark",
]
