"""The product page: gallery, variants, stock, personalization, and the parts of the apps
around the product (like and share, pick lists, "You may also like", "From the community",
comments).

Reads: one prepared query for the product with every fact shown beside it
(`product_reads`), one each for its variants (live stock) and media, then each part's own
few. Renders: every part is a cached fragment keyed on a digest of what it shows (the
product's columns, its variants' stock, its media, the choice of variant and picture, the
language), rendered once per version; what each request brings (CSRF token, the page's
address, the viewer's like, a welcome offer) goes into the fragments' slots
(core.fragments). htmx requests for the gallery or the variant status get only that partial
of `storefront/product_main.html`, rendered live, and build nothing else. Everything works
without JavaScript.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from agora.catalog.selectors import (
    media_of_rows,
    product_media_rows,
    product_variant_rows,
    product_with_details,
    variants_of_rows,
)
from agora.community.product_questions import questions_html
from agora.community.product_reviews import reviews_html
from agora.community.product_threads import threads_html
from agora.core import fragments
from agora.core.money import Money
from agora.core.prepared import Rows
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.core.viewer import viewer
from agora.discovery.views.product_page import also_like_html, picklists_html
from agora.engagement import selectors as engagement_selectors
from agora.engagement.services import referral_welcome_offer
from agora.media.selectors import SHOWN_FIELDS
from agora.social import product_parts as social_parts
from agora.social.services.shares import REF_COOKIE
from agora.storefront.product_reads import ProductPage, product_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


LOW_STOCK = 5
ANGLE_ORDER = ("front", "back", "side", "detail", "in_use", "other")
OPTION_PREFIX = "opt-"
FRAGMENTS = {"gallery", "variant-status"}  # what htmx may ask for alone


def _fragment(request) -> str | None:
    """The id of the fragment an htmx request asks for (not on history restores)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return None
    return htmx.target


@dataclass
class OptionValue:
    value: str
    checked: bool
    available: bool


@dataclass
class OptionGroup:
    name: str
    field: str
    values: list[OptionValue]


def _option_names_and_values(product, variants) -> list[tuple[str, list[str]]]:
    if product.options:
        return [(o["name"], [str(v) for v in o.get("values", [])]) for o in product.options]
    derived: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in (variant.options or {}).items():
            values = derived.setdefault(name, [])
            if str(value) not in values:
                values.append(str(value))
    return list(derived.items())


def _matches(variant, chosen: dict[str, str]) -> bool:
    options = variant.options or {}
    return all(str(options.get(name)) == value for name, value in chosen.items())


def _choose_variant(request, product, variants):
    """Reads `opt-<name>=<value>` choices; options left unspecified come from the first variant
    in stock among those matching the choices. Returns (option groups for the form, the matching variant or None)."""
    names_values = _option_names_and_values(product, variants)
    # `?variant=<id>` (a link to one variant) chooses its options; `opt-<name>` overrides.
    linked = next((v for v in variants if str(v.pk) == request.GET.get("variant")), None)
    chosen_by_link = {str(k): str(v) for k, v in ((linked.options or {}) if linked else {}).items()}
    explicit = {
        name: request.GET.get(OPTION_PREFIX + name) or chosen_by_link.get(name, "")
        for name, values in names_values
        if (request.GET.get(OPTION_PREFIX + name) or chosen_by_link.get(name)) in values
    }
    candidates = [v for v in variants if _matches(v, explicit)] or variants
    default = next((v for v in candidates if v.stock - v.reserved > 0), None) or (
        candidates[0] if candidates else None
    )
    chosen: dict[str, str] = {}
    for name, values in names_values:
        if name in explicit:
            chosen[name] = explicit[name]
        elif default is not None and str((default.options or {}).get(name)) in values:
            chosen[name] = str(default.options[name])
        elif values:
            chosen[name] = values[0]
    selected = next((v for v in variants if _matches(v, chosen)), None)
    groups = []
    for name, values in names_values:
        groups.append(
            OptionGroup(
                name=name,
                field=OPTION_PREFIX + name,
                values=[
                    OptionValue(
                        value=value,
                        checked=chosen.get(name) == value,
                        available=any(
                            str((v.options or {}).get(name)) == value and v.stock - v.reserved > 0
                            for v in variants
                        ),
                    )
                    for value in values
                ],
            )
        )
    return groups, selected


def _stock(product, variants, selected) -> tuple[str, int]:
    """("in_stock" | "low" | "sold_out" | "unavailable", units available)."""
    if variants and selected is None:
        return "unavailable", 0
    available = (
        max(0, selected.stock - selected.reserved)
        if selected is not None
        else sum(max(0, v.stock - v.reserved) for v in variants)
    )
    if available <= 0:
        return "sold_out", 0
    if available <= LOW_STOCK:
        return "low", available
    return "in_stock", available


def _option_values(asset) -> dict[str, str]:
    values = getattr(asset, "option_values", None) or {}
    return json.loads(values) if isinstance(values, str) else values


def _shows(asset, options: dict) -> bool:
    """Whether the asset is linked to these options (a linked picture, all of whose option
    values the variant has)."""
    linked = _option_values(asset)
    return bool(linked) and all(str(options.get(k)) == str(v) for k, v in linked.items())


def _gallery(request, media, selected=None) -> dict[str, Any]:
    """The pictures, the one shown (`?media=<id>`, else the chosen variant's first linked
    picture, else the first) and the angle tabs; the chosen variant's pictures come first."""
    media = [m for m in media if m.status != "failed"]
    chosen = "variant" in request.GET or any(k.startswith(OPTION_PREFIX) for k in request.GET)
    # Unless the buyer chose, a main picture for every variant stays first.
    if selected is not None and selected.options and media and (chosen or _option_values(media[0])):
        # Its own pictures, then those of every variant, then the other variants'.
        ours = [m for m in media if _shows(m, selected.options)]
        shared = [m for m in media if not _option_values(m)]
        media = ours + shared + [m for m in media if m not in ours and m not in shared]
    try:
        wanted = int(request.GET.get("media", ""))
    except ValueError:
        wanted = None
    current = next((m for m in media if m.id == wanted), media[0] if media else None)
    first_per_angle: dict[str, object] = {}
    for asset in media:
        first_per_angle.setdefault(asset.angle, asset)
    tabs = [
        (first_per_angle[a], current is not None and current.angle == a)
        for a in ANGLE_ORDER
        if a in first_per_angle
    ]
    return {"media": media, "current_media": current, "angle_tabs": tabs}


def _endorsements(product) -> list[dict]:
    """ "Endorsed by @creator": the creators in a running paid partnership with the shop who
    posted about this product (engagement's selector, one query)."""
    return [
        {
            "handle": p.creator.username,
            "name": p.creator.display_name or p.creator.username,
            "url": p.creator.get_absolute_url(),
        }
        for p in engagement_selectors.endorsements_for_product(product=product)
    ]


def _welcome_html(request, page: ProductPage) -> str:
    """A referred friend's welcome discount at this shop (engagement's share rewards), for
    whoever arrived through a share link leading here (the `agora_ref` cookie) or holds an
    unused welcome coupon there; read only then."""
    code = request.COOKIES.get(REF_COOKIE) or None
    if code is None and not page.welcome_held:
        return ""
    shop = page.product.shop
    offer = referral_welcome_offer(shop=shop, user=viewer(request), share_code=code)
    if offer is None:
        return ""
    context = {"offer": offer, "next": request.get_full_path()}
    return render_to_string("engagement/referrals/_welcome.html", context)


def _media_links(request) -> dict[str, str]:
    """The gallery links' query before and after the picture's id, escaped, as
    `{% querystring media=<id> %}` writes it: the page's query with `media` set in its place
    (or added last)."""
    mark = secrets.token_hex(8)
    params = request.GET.copy()
    params["media"] = mark
    before, after = f"?{params.urlencode()}".split(mark)
    return {"media_before": escape(before), "media_after": escape(after)}


def _hidden_input(request, param: str, name: str) -> str:
    value = request.GET.get(param)
    return format_html('<input type="hidden" name="{}" value="{}">', name, value) if value else ""


def _context(request, page: ProductPage, variants, media) -> dict[str, Any]:
    """What the gallery and the buy box show for this request's choice of variant and
    picture; `variants` and `media` are instances, or (to find the cache key) plain rows
    with the same attributes."""
    product = page.product
    groups, selected = _choose_variant(request, product, variants)
    state, available = _stock(product, variants, selected)
    price_amount = (
        selected.price_amount
        if selected is not None and selected.price_amount is not None
        else product.price_amount
    )
    return {
        "shop": product.shop,
        "product": product,
        "can_manage": page.manager,
        "option_groups": groups,
        "variant_map": json.dumps(
            [[v.pk, {str(k): str(val) for k, val in (v.options or {}).items()}] for v in variants],
            separators=(",", ":"),
        )
        if groups
        else "",
        "selected_variant": selected,
        "stock_state": state,
        "available": available,
        "price": Money(price_amount, product.currency),
        **_gallery(request, media, selected),
    }


def _main(request, page: ProductPage, variant_rows: list[dict], media_rows: Rows) -> dict:
    """The page's head and main part (gallery and buy box) from the cache, rendered on a miss
    from the same rows (the personalization fields are read then: they change only with the
    product's `updated_at`, in the key)."""
    product = page.product
    light = _context(
        request,
        page,
        [SimpleNamespace(pk=row["id"], **row) for row in variant_rows],
        [SimpleNamespace(**dict(zip(SHOWN_FIELDS, row, strict=True))) for row in media_rows.raw],
    )
    # The options checked (several choices may match no variant) and the picture shown.
    chosen = [[o.value for o in group.values if o.checked] for group in light["option_groups"]]
    current = light["current_media"]  # a plain row: `id`
    endorsements = _endorsements(product) if page.endorsed else []
    key = (
        page.key,
        tuple(tuple(row.values()) for row in variant_rows),
        tuple(media_rows.raw),
        tuple(tuple(values) for values in chosen),
        current.id if current is not None else None,
        page.popular,
        page.manager,
        tuple(tuple(e.values()) for e in endorsements),
    )

    def render(slots: fragments.Slots) -> dict[str, str]:
        variants = variants_of_rows(variant_rows)
        media = media_of_rows(media_rows)
        product_with_details(product, variants=variants, media=media)
        personalization = [
            {"field": f, "surcharge": Money(f.surcharge_amount, product.currency)}
            for f in product.personalization_fields.all()
        ]
        context = _context(request, page, variants, media)
        context |= {"popular": page.popular, "endorsements": endorsements}
        context |= {"personalization": personalization, "slot": slots, "csrf_token": slots["csrf"]}
        head = {"product": product, "shop": product.shop, "csp_nonce": slots["nonce"]}
        pieces: dict[str, str] = {
            name: render_to_string(f"storefront/product_head.html#{name}", head)
            for name in ("title", "description", "meta", "canonical")
        }
        pieces["main"] = render_to_string("storefront/product_main.html", context)
        return pieces

    return fragments.cached("product-main", key, render)


PRODUCT_TEMPLATE = "storefront/product_detail.html"


@require_GET
def product_detail(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    page = product_page(handle=handle, slug=slug, viewer=viewer(request))
    if page is None:
        raise Http404
    product = page.product
    variant_rows = product_variant_rows(product.pk)
    media_rows = product_media_rows(product.pk)
    fragment = _fragment(request)
    if fragment in FRAGMENTS:
        return _htmx_fragment(request, page, variant_rows, media_rows, fragment)
    parts = _main(request, page, variant_rows, media_rows)
    social_parts.record_product_view(request, product)
    csrf = fragments.csrf_token(request)
    main = parts["main"]
    links = _media_links(request) if "media_before" in main.slot_names else {}
    main_html = main.fill(
        links,
        csrf=csrf,
        next=escape(request.get_full_path()),
        post_input=_hidden_input(request, "post", "post_id"),
        lang_input=_hidden_input(request, "lang", "lang"),
        welcome=_welcome_html(request, page),
        actions=social_parts.actions_html(request, product, page.social),
        picklists=picklists_html(
            request,
            product,
            count=page.picklist_count,
            viewer_id=page.viewer_id,
            actor_id=page.actor_id,
        ),
    )
    # Under the description: what people ask, what buyers say, where it is discussed; then
    # their photos, what else to look at, and the conversation.
    content = [
        main_html,
        _insights_html(product) if page.manager else "",
        questions_html(request, product, viewer_id=page.viewer_id),
        reviews_html(request, product, viewer_id=page.viewer_id, manager=page.manager),
        threads_html(product),
        social_parts.community_html(
            request,
            product,
            manager=page.manager,
            viewer_id=page.viewer_id,
            actor_id=page.actor_id,
        ),
        also_like_html(product, category=product.category, viewer_id=page.viewer_id),
        social_parts.comments_html(request, product, page.social, manager=page.manager),
    ]
    nonce = get_nonce(request)
    head = {
        name: parts[name].fill(nonce="" if nonce is None else str(nonce))
        for name in ("title", "description", "meta", "canonical")
    }
    # The header's forms take the same token (the csrf context processor would mask another).
    page_context = {
        "head": head,
        "content": SafeString("\n".join(content)),
        "csrf_token": csrf,
        # Every part is a live block: what is kept is the page around them.
        "page_key": page_key("product", PRODUCT_TEMPLATE),
    }
    response = render_frozen_page(request, PRODUCT_TEMPLATE, page_context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _insights_html(product) -> str:
    """For the shop's team only: a placeholder that loads the product's analytics panel from
    the dashboard with htmx (a link to the full page without JavaScript). No query: whether
    the viewer manages the shop is already part of the page's read."""
    context = {"handle": product.shop.handle, "product_id": product.pk}
    return render_to_string("storefront/_insights_panel.html", context)


def _htmx_fragment(
    request, page: ProductPage, variant_rows, media_rows, fragment: str
) -> HttpResponse:
    """The gallery or the variant status alone, rendered live."""
    context = _context(request, page, variants_of_rows(variant_rows), media_of_rows(media_rows))
    context["slot"] = _media_links(request)
    template = "storefront/product_main.html#" + fragment.replace("-", "_")
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
