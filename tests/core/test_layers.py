"""Templates follow the app layers too: a template of app X loads only tags of X or of apps
below X (import-linter checks the Python imports in `make lint`)."""

import re
from pathlib import Path

import agora

LAYERS = [
    {"core"},
    {"analytics"},
    {"media"},
    {"accounts"},
    {"shops"},
    {"catalog"},
    {"social"},
    {"commerce", "moderation"},
    {"engagement", "discovery", "insights"},
    {"community"},
    {"reach"},
    {"storefront"},
    {"dashboard"},
    {"demo"},
]
RANK = {app: i for i, apps in enumerate(LAYERS) for app in apps}
ROOT = Path(agora.__file__).parent
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _libraries() -> dict[str, str]:
    """Tag library name → the app that defines it."""
    return {
        path.stem: path.relative_to(ROOT).parts[0]
        for path in ROOT.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }


def _violations() -> set[tuple[str, str]]:
    libraries = _libraries()
    found = set()
    for template in ROOT.glob("*/templates/**/*.html"):
        app = template.relative_to(ROOT).parts[0]
        for match in LOAD.finditer(template.read_text()):
            for name in match.group(1).split():
                owner = libraries.get(name)
                if owner is None or name == "from":
                    continue  # Django's own libraries (i18n, static)
                if RANK[owner] > RANK[app] or (RANK[owner] == RANK[app] and owner != app):
                    found.add((str(template.relative_to(ROOT)), name))
    return found


def test_every_app_with_tags_has_a_layer():
    assert set(_libraries().values()) <= set(RANK)


def test_templates_load_only_their_own_or_lower_apps_tags():
    assert _violations() == set()


INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _include_violations() -> set[tuple[str, str]]:
    """(template, included or extended template) where the second belongs to a higher app or
    to a neighbour on the same rung. The project's own templates (base.html, _partials/) serve
    every app."""
    found = set()
    for template in ROOT.glob("*/templates/**/*.html"):
        app = template.relative_to(ROOT).parts[0]
        if app not in RANK:
            continue
        for name in INCLUDE.findall(template.read_text()):
            owner = name.split("/")[0]
            if owner in RANK and (
                RANK[owner] > RANK[app] or (RANK[owner] == RANK[app] and owner != app)
            ):
                found.add((str(template.relative_to(ROOT)), name))
    return found


def test_templates_include_and_extend_only_their_own_or_lower_apps_templates():
    """A higher app adds its parts to a lower app's partial by extending it (blocks), never by
    the lower partial reaching up for the higher app's templates."""
    assert _include_violations() == set()
