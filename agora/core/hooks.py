"""Explicit hooks: how a lower app lets an upper app react to its events without importing it.

The lower app declares a `Hook` in its `hooks.py` and calls it at the documented point; the
upper app registers its handler once, in its `AppConfig.ready()`. Handlers run synchronously,
in registration order, where the hook is called (so inside the caller's transaction when the
caller is in one); an exception in a handler propagates to the caller. No signals: the list of
handlers is visible in one place (`hook.handlers`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc
        self.handlers: list[Callable[..., Any]] = []

    def register(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        """Adds a handler (idempotent: registering the same function twice keeps one)."""
        if handler not in self.handlers:
            self.handlers.append(handler)
        return handler

    def __call__(self, **kwargs: Any) -> None:
        for handler in self.handlers:
            handler(**kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.handlers)} handler(s)>"


class Slot:
    """One function an upper app provides to a lower one (e.g. the product list on the shop
    page, which shops shows and catalog knows how to read). Registered once; calling an empty
    slot is a programming error (the upper app's `ready()` didn't run)."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc
        self.provider: Callable[..., Any] | None = None

    def register(self, provider: Callable[..., Any]) -> Callable[..., Any]:
        if self.provider is not None and self.provider is not provider:
            raise RuntimeError(f"{self.name} already has a provider: {self.provider!r}")
        self.provider = provider
        return provider

    def __call__(self, **kwargs: Any) -> Any:
        if self.provider is None:
            raise RuntimeError(f"Nothing registered for {self.name}")
        return self.provider(**kwargs)

    def __repr__(self) -> str:
        return f"<Slot {self.name}: {self.provider!r}>"
