"""Compiles every locale/*/LC_MESSAGES/*.po to .mo with Babel (no GNU gettext needed)."""

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the en/fr/de translation catalogs."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as fh:
                    catalog = read_po(fh, locale=po_path.parts[-3])
                with mo_path.open("wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"Compiled {count} translation catalog(s).")
