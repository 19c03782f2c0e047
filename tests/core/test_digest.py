"""The digest content-addressed keys end with (agora.core.digest)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

from agora.core.digest import digest

PARTS = (
    "row",
    "Mein Lieblingspullover #PorteTonNord",
    datetime(2026, 12, 7, 17, 55, 17, 1205, tzinfo=UTC),
    None,
    ("person", 7, "Noah", ("uploads/a.jpg", 480, 480, {"320": "thumbs/a/320.webp"})),
    ((1, "image", True, 0.5),),
    Decimal("12.50"),
)


def test_the_same_parts_give_the_same_digest_in_another_process():
    code = (
        "import sys; sys.path.insert(0, '.');"
        "from tests.core.test_digest import PARTS;"
        "from agora.core.digest import digest; print(digest(PARTS))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert other == digest(PARTS)
    assert len(other) == 24 and int(other, 16) >= 0


def test_values_that_read_alike_but_differ_give_different_digests():
    alike = [1, True, 1.0, "1", None, "null", Decimal(1), "Decimal('1')", {"~repr": "1"},
             date(2026, 1, 2), "2026-01-02", datetime(2026, 1, 2, tzinfo=UTC), {"1": 1}, {1: 1},
             (1, 2), "[1,2]"]  # fmt: skip

    assert len({digest((value,)) for value in alike}) == len(alike)


def test_any_change_of_a_part_changes_the_digest():
    changed = list(PARTS)
    changed[4] = ("person", 7, "Noah", ("uploads/a.jpg", 480, 480, {"320": "thumbs/b/320.webp"}))

    assert digest(tuple(changed)) != digest(PARTS)
    assert digest(PARTS[:-1]) != digest(PARTS)


def test_parts_json_cannot_write_are_digested_from_their_repr():
    huge = (2**70,)
    int_keys = ({320: "thumbs/a/320.webp"},)

    assert digest(huge) == digest((2**70,)) != digest((2**70 + 1,))
    assert digest(int_keys) == digest(({320: "thumbs/a/320.webp"},))
    assert digest(int_keys) != digest(({480: "thumbs/a/320.webp"},))
