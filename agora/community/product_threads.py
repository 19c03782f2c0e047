"""The product page's "Discussed in N threads" line: one counting query per product, kept in
the cache until a thread tagging the product is started or hidden (`forget`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from agora.catalog.models import Product

TIMEOUT = 600  # seconds: `forget` clears it sooner when a thread is tagged or hidden


def _key(product_id: int) -> str:
    return f"forums:product-threads:{product_id}"


def thread_count(product_id: int) -> int:
    """How many visible threads tag the product (cached)."""
    from agora.community.selectors.forums import product_thread_count  # noqa: PLC0415

    key = _key(product_id)
    count = cache.get(key)
    if count is None:
        count = product_thread_count(product_id=product_id)
        cache.set(key, count, TIMEOUT)
    return int(count)


def forget(product_ids: Iterable[int]) -> None:
    """Drops the cached counts of these products (called in the writing services)."""
    keys = [_key(pk) for pk in product_ids]
    if keys:
        cache.delete_many(keys)


def threads_html(product: Product) -> SafeString:
    """ "Discussed in N threads" linking to the list of those threads; nothing when none."""
    count = thread_count(product.pk)
    if not count:
        return SafeString("")
    text = ngettext(
        "Discussed in %(count)s community thread",
        "Discussed in %(count)s community threads",
        count,
    ) % {"count": count}
    url = reverse("community:forums-product-threads") + f"?product={product.pk}"
    return format_html(
        '<section class="section panel product-threads" id="threads" '
        'aria-labelledby="product-threads-title">'
        '<h2 id="product-threads-title">{}</h2><p><a href="{}">{}</a></p></section>',
        gettext("Community threads"),
        url,
        text,
    )
