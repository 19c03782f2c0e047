"""A product's social facts as annotations of another read: the product page's one query
(composed by the storefront) reads them beside the product itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce

from agora.social.models import ProductLike
from agora.social.selectors.comments import product_has_comments

COUNTERS = ("like_count", "comment_count", "share_count", "post_count")


def product_facts(*, viewer_id: int) -> dict[str, Any]:
    """The product's counters (`social_like_count`, `social_comment_count`,
    `social_share_count`, `social_post_count`; 0 before its first engagement) and whether
    person `viewer_id` likes it (`social_liked`; 0: a visitor) and whether they may see any
    comment on it (`social_has_comments`), to annotate a read of products with."""
    facts: dict[str, Any] = {
        f"social_{name}": Coalesce(F(f"engagement__{name}"), 0) for name in COUNTERS
    }
    facts["social_liked"] = Exists(
        ProductLike.objects.filter(product=OuterRef("pk"), user_id=viewer_id)
    )
    facts["social_has_comments"] = product_has_comments(viewer_id=viewer_id)
    return facts


def facts_of_row(row: dict[str, Any]) -> dict[str, Any]:
    """The `product_facts` of a row as the product parts read them: `like_count`, ...,
    `liked`, `has_comments`."""
    facts = {name: row[f"social_{name}"] for name in COUNTERS}
    facts["liked"] = bool(row["social_liked"])
    facts["has_comments"] = bool(row["social_has_comments"])
    return facts
