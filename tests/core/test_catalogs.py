"""Every message of the interface has a French and a German translation."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings


@pytest.mark.parametrize("language", ["fr", "de"])
def test_catalog_has_no_missing_or_fuzzy_translations(language):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert len(catalog) > 300
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "de"])
def test_placeholders_survive_translation(language):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {m.group(0).replace(" ", "") for m in pattern.finditer(ids[-1])}
        for text in strings:
            got = {m.group(0).replace(" ", "") for m in pattern.finditer(text)}
            assert got <= wanted | {
                m.group(0).replace(" ", "") for m in pattern.finditer(ids[0])
            }, message.id
