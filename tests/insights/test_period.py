"""The period of a report: defaults, and errors naming the field."""

from datetime import date

import pytest

from agora.core.errors import InvalidInput
from agora.insights.report import Period
from agora.insights.selectors import period_parse

TODAY = date(2026, 3, 15)


def test_defaults_are_the_last_28_days_by_day():
    period = period_parse(start=None, end=None, granularity=None, today=TODAY)
    assert period == Period(date(2026, 2, 16), TODAY, "day")
    assert period.previous == Period(date(2026, 1, 19), date(2026, 2, 15), "day")


def test_a_start_alone_runs_to_today_and_weeks_start_on_monday():
    period = period_parse(start="2026-03-04", end=None, granularity="week", today=TODAY)
    assert (period.start, period.end, period.days) == (date(2026, 3, 4), TODAY, 12)
    assert period.buckets() == (date(2026, 3, 4), date(2026, 3, 9))


@pytest.mark.parametrize(
    ("start", "end", "granularity", "field"),
    [
        ("2026-02-30", None, None, "from"),
        ("\x00", "03/01/2026", None, "to"),
        ("2026-03-10", "2026-03-09", None, "to"),
        ("2025-03-13", "2026-03-14", None, "from"),
        ("2026-03-16", None, None, "from"),
        (None, None, "month", "granularity"),
    ],
)
def test_errors_name_the_field(start, end, granularity, field):
    with pytest.raises(InvalidInput) as raised:
        period_parse(start=start, end=end, granularity=granularity, today=TODAY)
    assert list(raised.value.fields) == [field]


def test_a_full_leap_year_of_366_days_is_allowed():
    period = period_parse(start="2024-01-01", end="2024-12-31", granularity=None, today=TODAY)
    assert period.days == 366
