"""Every app's public services and selectors say what they guarantee (STYLE.md §11): a
function without a leading underscore in a `services` or `selectors` module has a docstring."""

import importlib
import inspect
import pkgutil

import pytest

APPS = [
    "core",
    "analytics",
    "media",
    "accounts",
    "shops",
    "catalog",
    "social",
    "commerce",
    "moderation",
    "engagement",
    "storefront",
    "dashboard",
]


def _modules(app: str):
    for kind in ("services", "selectors"):
        try:
            module = importlib.import_module(f"agora.{app}.{kind}")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


@pytest.mark.parametrize("app", APPS)
def test_public_services_and_selectors_are_documented(app):
    undocumented = [
        f"{module.__name__}.{name}"
        for module in _modules(app)
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(obj)
        and obj.__module__ == module.__name__
        and not (obj.__doc__ or "").strip()
    ]
    assert undocumented == []
