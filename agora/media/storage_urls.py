"""Public URLs of stored files without the storage's per-call overhead.

`storage.url()` (urljoin, URI quoting, a storage lookup per field access) costs microseconds a
call and a feed page makes hundreds of them. With the file-system storage the URL is only
MEDIA_URL plus the quoted name, so it is built once per name here; any other storage (S3 later)
still answers through Django's storage API.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty

from agora.media.models import MediaAsset


def _storage():
    return MediaAsset._meta.get_field("file").storage


def _fast_base() -> str | None:
    storage = _storage()
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    if type(storage) is FileSystemStorage and storage.base_url:
        return storage.base_url
    return None


@lru_cache(maxsize=1)
def _base() -> tuple[str | None]:
    return (_fast_base(),)


@lru_cache(maxsize=8192)
def _fs_url(base: str, name: str) -> str:
    return base + filepath_to_uri(name).lstrip("/")


def file_url(name: str | None) -> str:
    """The URL of a stored file name (relative, e.g. /media/..., like `storage.url`)."""
    if not name:
        return ""
    base = _base()[0]
    if base is None:
        return _storage().url(name)
    return _fs_url(base, name)


def _reset(**kwargs) -> None:
    if kwargs.get("setting") in {"MEDIA_URL", "STORAGES", "MEDIA_ROOT"}:
        _base.cache_clear()
        _fs_url.cache_clear()


setting_changed.connect(_reset)
