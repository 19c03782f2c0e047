"""What apps above moderation may register as reportable (reviews, answers, threads...).

Moderation knows posts, comments, people, shops and products itself (`Report.Target`). An upper
app registers each further kind once, in its `AppConfig.ready()`, with the functions the
moderators' queue and the report service need; moderation never imports it.

    targets.register(targets.TargetKind(
        name="review", label=_("Review"),
        load=lambda ids: Review.objects.in_bulk(ids),       # any state: moderators see all
        visible=lambda target_id, viewer: ...,              # can the reporter see it?
        summary=lambda review: {"exists": True, "summary": ..., "url": ..., "hidden": ...},
        hide=lambda *, moderator, target, note: ...,        # None: cannot be hidden
        unhide=lambda *, moderator, target, note: ...,      # shows it again
        account=lambda review: review.author,               # who answers for it
    ))

`name` is stored in `Report.target_type` (at most 10 characters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from agora.accounts.models import User
    from agora.moderation.selectors import ReportSummary
    from agora.shops.models import Shop


@dataclass(frozen=True)
class TargetKind:
    name: str
    label: str | Promise
    load: Callable[[list[int]], dict[int, Any]]
    visible: Callable[[int, Any], bool]
    summary: Callable[[Any], ReportSummary]
    account: Callable[[Any], User | Shop]
    hide: Callable[..., Any] | None = None  # hide(moderator=, target=, note=)
    unhide: Callable[..., Any] | None = None  # unhide(moderator=, target=, note=)


_KINDS: dict[str, TargetKind] = {}


def register(kind: TargetKind) -> TargetKind:
    """Adds a kind of report target (idempotent for the same kind; a second, different kind of
    the same name is a programming error)."""
    if len(kind.name) > 10:
        raise ValueError(f"Report target names have at most 10 characters: {kind.name!r}")
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise RuntimeError(f"Report target {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> TargetKind | None:
    """The registered kind of that name, or None (moderation's own kinds are not here)."""
    return _KINDS.get(name)


def registered() -> dict[str, TargetKind]:
    """Every registered kind by name."""
    return dict(_KINDS)
