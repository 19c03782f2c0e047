"""Media template tags: responsive images from an asset's thumbnails, asset URLs.
`{% load media_tags %}` (templates of media and the apps above it)."""

import json

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from agora.media.storage_urls import file_url

register = template.Library()


def _storage_url(asset, path: str) -> str:
    return file_url(path)


def image_srcset(asset) -> str:
    """Relative `srcset` from the asset's generated thumbnails (the original while they are
    being made)."""
    thumbs = sorted((int(w), p) for w, p in (asset.thumbnails or {}).items())
    if thumbs:
        return ", ".join(f"{_storage_url(asset, p)} {w}w" for w, p in thumbs)
    if asset.width:
        return f"{file_url(asset.file.name)} {asset.width}w"
    return ""


@register.simple_tag
def responsive_image(
    asset, *, sizes: str = "100vw", alt: str | None = None, lazy: bool = True, css: str = ""
) -> str:
    """An `<img>` with srcset from thumbnails, sizes, intrinsic size, alt text and lazy loading."""
    if asset is None:
        return ""
    attrs = {
        "src": file_url(asset.file.name),
        "srcset": image_srcset(asset),
        "sizes": sizes,
        "alt": asset.alt if alt is None else alt,
        "width": asset.width or "",
        "height": asset.height or "",
        "loading": "lazy" if lazy else "eager",
        "decoding": "async",
        "class": css,
    }
    if not attrs["srcset"]:
        del attrs["srcset"], attrs["sizes"]
    # The attribute names are ours; every value is escaped (as format_html would).
    rendered = " ".join(
        f'{key}="{conditional_escape(value)}"'
        for key, value in attrs.items()
        if value != "" or key == "alt"
    )
    return mark_safe(f"<img {rendered}>")  # noqa: S308 (every value escaped above)


@register.simple_tag
def media_url(asset, kind: str = "file") -> str:
    """Relative URL of an asset's file or poster."""
    if asset is None:
        return ""
    field = asset.poster if kind == "poster" else asset.file
    return file_url(field.name) if field else ""


@register.filter
def option_values_json(asset) -> str:
    """The variants a picture shows as JSON (`{"color": "Anthracite"}`), for a `data-`
    attribute (escaped there by the template); "" when it shows all of them."""
    values = getattr(asset, "option_values", None) or {}
    if isinstance(values, str):
        values = json.loads(values)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")) if values else ""
