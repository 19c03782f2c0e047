"""Models, one module per feature."""

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
    "PostTrend",
    "ProductTrend",
    "TagTrend",
    "TrendAccount",
    "TrendWatermark",
]
