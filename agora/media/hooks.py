"""What apps above media tell it about the media they show (registered in their
`AppConfig.ready()`; media never imports them).

Media knows one owner per asset, the person who uploaded it (`uploaded_by`). An app that shows
an asset as part of something it owns says who else may see the asset and who may change it:

- `media_holder(media)`: each handler returns a `MediaHolder` for an asset it shows, or None;
  the first answer counts. An asset no handler answers for is its uploader's alone (avatars,
  post images). Registered: shops' logos (`shops.services.logo_holder`, in `shops/apps.py`) and
  catalog's product photos and videos (`catalog.services.media.product_media_holder`, in
  `catalog/apps.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agora.core.hooks import Hook

if TYPE_CHECKING:
    from agora.core.types import User
    from agora.media.models import MediaAsset

media_holder = Hook("media_holder", __doc__ or "")


@dataclass(frozen=True)
class MediaHolder:
    """An upper app's answer about an asset it shows.

    `visible_to(viewer)`: whether that viewer (a signed-in user, or None) may see the asset.
    `require_editor(actor)`: returns if the actor may change or delete it, else raises
    `PermissionDenied`; the holder decides alone (having uploaded it gives no right).
    `place(position)`: moves the asset to that index among the holder's media (0 first) and
    renumbers the others; None when the holder keeps no order.
    `check_option_values(values)`: the option values the asset may be linked to (a product's
    options), cleaned, or `InvalidInput` naming the field (`option_values.<name>`); None when
    the holder has no options (only `{}` is then accepted)."""

    visible_to: Callable[[User | None], bool]
    require_editor: Callable[[User], object]
    place: Callable[[int], None] | None = None
    check_option_values: Callable[[dict[str, str]], dict[str, str]] | None = None


def holder_of(media: MediaAsset) -> MediaHolder | None:
    """The first holder's answer for `media`, or None when no app above shows it."""
    for handler in media_holder.handlers:
        holder = handler(media=media)
        if holder is not None:
            return holder
    return None
