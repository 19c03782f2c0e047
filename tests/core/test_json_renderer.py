"""Every API answer is written by orjson, and says what json.dumps with django-ninja's encoder
said: the same values, datetimes in Django's ISO 8601 spelling, Decimals as strings, lazy
translations as text; only non-ASCII text is now plain UTF-8 instead of \\u escapes."""

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest
from django.utils.translation import gettext_lazy
from ninja.responses import NinjaJSONEncoder

from agora.core.api import json_bytes
from agora.core.schemas import Schema
from tests.factories import UserFactory


class Sample(Schema):
    at: datetime
    price: Decimal


SAMPLES = [
    datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
    date(2026, 1, 2),
    time(1, 2, 3, 456789),
    timedelta(days=1, seconds=5),
    Decimal("1.50"),
    UUID("12345678-1234-5678-1234-567812345678"),
    gettext_lazy("Draft"),
    {1: "int keys become strings", "nested": [1, 2.5, None, True, "é€😀"]},
    Sample(at=datetime(2026, 1, 2, tzinfo=UTC), price=Decimal("9.90")),
]


@pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
def test_writes_what_django_ninjas_encoder_wrote(value):
    before = json.dumps(value, cls=NinjaJSONEncoder)

    after = json_bytes(value)

    assert json.loads(after) == json.loads(before)


def test_datetimes_keep_milliseconds_and_z():
    assert json_bytes(datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)) == (
        b'"2026-01-02T03:04:05.123Z"'
    )


@pytest.mark.django_db
def test_api_answers_are_utf8_json(make_api):
    me = make_api(UserFactory(username="lea", display_name="Léa ☕"))

    response = me.get("/me")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Léa ☕".encode() in response.content
    assert response.json()["display_name"] == "Léa ☕"


@pytest.mark.django_db
def test_error_bodies_too(make_api):
    response = make_api(None).get("/feed")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
