"""Reads of the seller analytics: the period of a request, who may read which report, and the
reports themselves (daily rows plus the live tail)."""

from agora.insights.selectors.access import (
    person_report_for,
    post_report_for,
    product_report_for,
    shop_report_for,
    shop_staffed,
)
from agora.insights.selectors.period import period_parse
from agora.insights.selectors.reports import (
    person_report,
    post_report,
    product_report,
    report_build,
    report_version,
    shop_report,
)

__all__ = [
    "period_parse",
    "person_report",
    "person_report_for",
    "post_report",
    "post_report_for",
    "product_report",
    "product_report_for",
    "report_build",
    "report_version",
    "shop_report",
    "shop_report_for",
    "shop_staffed",
]
