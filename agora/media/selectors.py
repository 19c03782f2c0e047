from __future__ import annotations

from agora.media.models import MediaAsset


def image_owned_by(*, user, media_id: int) -> MediaAsset | None:
    return MediaAsset.objects.filter(
        pk=media_id, uploaded_by=user, kind=MediaAsset.Kind.IMAGE
    ).first()


def media_for_product(product) -> list[MediaAsset]:
    return list(MediaAsset.objects.filter(product=product).order_by("position", "id"))
