"""Every message the interface can show has a French and a German translation: no msgid is
left empty or fuzzy in the catalogs, and no string that `makemessages` would extract from the
templates and the Python code is missing from them."""

import os
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LANGUAGES = ["fr", "de"]
# As `make messages`, plus what is never ours to translate (collected static files, the
# database and media directory, screenshots) and the catalogs themselves (so that the
# extraction writes to the temporary directory instead).
IGNORE = [".venv", "tests", "bench", "staticfiles", "var", "screenshots", "locale", "node_modules"]


def _catalog(path: Path, language: str):
    with path.open("rb") as fh:
        return read_po(fh, locale=language)


def _key(message) -> tuple[str | None, str]:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, ident


@cache
def _extracted(tmp: str) -> dict[str, set[tuple[str | None, str]]]:
    """What `makemessages -l fr -l de` finds in the code today, per language, extracted into
    `tmp` rather than into the project's catalogs."""
    root = Path(settings.BASE_DIR)
    here = Path.cwd()
    os.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[tmp]):
            call_command("makemessages", locale=LANGUAGES, ignore_patterns=IGNORE, verbosity=0)
    finally:
        os.chdir(here)
    return {
        language: {
            _key(m)
            for m in _catalog(Path(tmp) / language / "LC_MESSAGES" / "django.po", language)
            if m.id
        }
        for language in LANGUAGES
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return _extracted(str(tmp_path_factory.mktemp("messages")))


def _project_catalog(language: str):
    return _catalog(
        Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po", language
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_left_untranslated_or_fuzzy(language):
    catalog = _project_catalog(language)

    def untranslated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return message.fuzzy or not all(strings)

    left = sorted(str(m.id) for m in catalog if m.id and untranslated(m))
    assert left == [], f"{len(left)} {language} messages need a translation: {left[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalog(language, extracted):
    catalog = {_key(m) for m in _project_catalog(language) if m.id}

    missing = sorted(extracted[language] - catalog, key=lambda k: (k[0] or "", k[1]))
    assert missing == [], (
        f"{len(missing)} strings are missing from the {language} catalog (run `make messages` "
        f"and translate them): {missing[:20]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_complete(language):
    catalog = _project_catalog(language)

    short = [
        str(m.id)
        for m in catalog
        if m.id and m.pluralizable and len(m.string) != catalog.num_plurals
    ]
    assert short == []
