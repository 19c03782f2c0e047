"""The date range of a report from the query string: ISO dates, day or week buckets."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput
from agora.insights.report import Period

DEFAULT_DAYS = 28
MAX_DAYS = 366


def _date(raw: str | None, name: str) -> date | None:
    if raw is None:
        return None
    text = raw.replace("\x00", "").strip()[:40]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.field(name, _("Enter a date as YYYY-MM-DD.")) from None


def period_parse(
    *,
    start: str | None,
    end: str | None,
    granularity: str | None,
    today: date | None = None,
) -> Period:
    """The Period of `from`/`to`/`granularity` (defaults: the last 28 days ending today, by
    day). Raises InvalidInput naming the field: a bad date, `to` before `from`, more than 366
    days, a start in the future, an unknown granularity."""
    today = today or timezone.now().date()
    grain = (granularity or "").replace("\x00", "").strip()[:10] or "day"
    if grain not in ("day", "week"):
        raise InvalidInput.field("granularity", _("Choose day or week."))
    first = _date(start, "from")
    last = _date(end, "to")
    if last is None:
        last = today if first is None or first <= today else first
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if first > today:
        raise InvalidInput.field("from", _("The start cannot be in the future."))
    if last < first:
        raise InvalidInput.field("to", _("The end cannot be before the start."))
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput.field("from", _("Choose at most 366 days."))
    return Period(first, last, grain)  # type: ignore[arg-type]
