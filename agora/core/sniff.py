"""A file's type from its first bytes, never from its name or the client's word (puremagic)."""

from __future__ import annotations

import puremagic

_EBML = b"\x1a\x45\xdf\xa3"  # Matroska and WebM share this header; the DocType tells them apart


def sniff_mime(head: bytes) -> str | None:
    """The MIME type the leading bytes of a file declare, or None when nothing is recognised.

    Only puremagic's most confident matches count: a weaker guess never promotes a file to an
    accepted type."""
    if not head:
        return None
    if head.startswith(_EBML):  # the DocType sits in the first few dozen bytes
        doctype = head[:64]
        if b"webm" in doctype:
            return "video/webm"
        return "video/x-matroska" if b"matroska" in doctype else None
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    if not matches:
        return None
    best = matches[0].confidence
    return next((m.mime_type for m in matches if m.confidence == best and m.mime_type), None)
