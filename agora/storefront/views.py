"""The shopper pages that combine domains: the home page, `/@handle` (a shop page or a person's
profile) and the product page (gallery, variants, stock, personalization, the social parts).

Thin: each view assembles its parts through the owning apps' selectors (catalog, shops,
accounts) and `social.parts`, and passes them in the context; the templates only render them
(social's partials are included with the prepared context). htmx requests for the product
page's gallery or variant status get only that fragment of the same template
(`{% partialdef %}`) and build nothing else; everything works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from agora.accounts.selectors import expertise_for, person_by_handle
from agora.catalog import selectors
from agora.catalog.cards import product_cards_html
from agora.core.money import Money
from agora.core.viewer import viewer
from agora.discovery.selectors import browse
from agora.discovery.selectors.trending import popular_product_ids
from agora.discovery.views.browse import filter_form
from agora.discovery.views.picklists import product_picklists_part
from agora.discovery.views.recommendations import also_like_part
from agora.engagement import selectors as engagement_selectors
from agora.engagement.services import referral_welcome_offer
from agora.engagement.views.badges import badges_line
from agora.shops.selectors import can_manage, shop_by_handle, shops_list, shops_managed_by
from agora.social import parts as social_parts
from agora.social.services.shares import REF_COOKIE

HOME_SHOPS = 8
HOME_PRODUCTS = 12
PRODUCTS_PER_PAGE = 24  # on a shop page
LOW_STOCK = 5
ANGLE_ORDER = ("front", "back", "side", "detail", "in_use", "other")
OPTION_PREFIX = "opt-"


def _fragment(request) -> str | None:
    """The id of the fragment an htmx request asks for (not on history restores)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return None
    return htmx.target


@require_GET
def home(request):
    products = selectors.newest_products(limit=HOME_PRODUCTS)
    context = {
        "shops": list(shops_list()[:HOME_SHOPS]),
        "products": products,
        # discovery: "Popular on Agora" on the cards of the products that carry it
        "popular_ids": popular_product_ids(p.pk for p in products),
    }
    return render(request, "storefront/home.html", context)


# --- /@handle: a shop or a person ----------------------------------------------------------


@require_GET
def handle_page(request, handle: str):
    """Shops and people share one handle namespace (case-insensitive): an active shop's page,
    else a person's (one query for a shop, two for a person)."""
    shop = shop_by_handle(handle)
    if shop is not None:
        return _shop_page(request, shop)
    return _person_page(request, handle)


def _shop_page(request, shop):
    manager = can_manage(shop=shop, user=request.user)
    # Discovery's filters and sorts (popular first by default, as on category pages); the
    # shop's managers also see its drafts and archived products.
    parsed = browse.product_query_from(request.GET, shop=shop)
    page = browse.products_page(
        parsed.query,
        cursor=request.GET.get("cursor"),
        limit=PRODUCTS_PER_PAGE,
        viewer=request.user if manager else None,
        drafts=manager,
        details="card",
    )
    context = {
        "shop": shop,
        "cards": product_cards_html(page.items),  # cached whole, with their labels
        "page": page,
        "filters": filter_form(
            request.GET,
            parsed,
            categories=browse.category_tree(shop=shop, non_empty=True),
            currency=shop.currency,
        ),
        "can_manage": manager,
        "follow": social_parts.follow_box(request, shop),
        "posts": social_parts.actor_posts(request, shop),
        "welcome_offer": _welcome_offer(request, shop),
        "campaigns": [
            (c, engagement_selectors.campaign_phase(c))
            for c in engagement_selectors.campaigns_of_shop(shop=shop, drafts=manager)
        ],
    }
    return render(request, "storefront/shop_detail.html", context)


def _welcome_offer(request, shop):
    """A referred friend's welcome discount at this shop (engagement's share rewards): shown
    to whoever arrived through a share link leading here (the `agora_ref` cookie)."""
    return referral_welcome_offer(
        shop=shop, user=viewer(request), share_code=request.COOKIES.get(REF_COOKIE) or None
    )


def _person_page(request, handle: str):
    person = person_by_handle(handle)
    if person is None:
        raise Http404
    context = {
        "person": person,
        "expertise": expertise_for(person),
        "badges": badges_line(
            engagement_selectors.badges_of_people(user_ids=[person.pk]).get(person.pk, [])
        ),
        "shops": list(shops_managed_by(person)),
        "follow": social_parts.follow_box(request, person),
        "posts": social_parts.actor_posts(request, person),
    }
    return render(request, "storefront/person_detail.html", context)


# --- Product page ------------------------------------------------------------------------


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
    explicit = {
        name: request.GET[OPTION_PREFIX + name]
        for name, values in names_values
        if request.GET.get(OPTION_PREFIX + name) in values
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


def _gallery(request, product):
    media = [m for m in product.media.all() if m.status != "failed"]
    try:
        wanted = int(request.GET.get("media", ""))
    except ValueError:
        wanted = None
    current = next((m for m in media if m.pk == wanted), media[0] if media else None)
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


@require_GET
def product_detail(request, handle: str, slug: str):
    shop = shop_by_handle(handle)
    if shop is None:
        raise Http404
    product = selectors.product_by_slug(shop=shop, slug=slug, viewer=viewer(request))
    if product is None:
        raise Http404
    variants = list(product.variants.all())
    groups, selected = _choose_variant(request, product, variants)
    state, available = _stock(product, variants, selected)
    manager = can_manage(shop=shop, user=request.user)
    price_amount = (
        selected.price_amount
        if selected is not None and selected.price_amount is not None
        else product.price_amount
    )
    context = {
        "shop": shop,
        "product": product,
        "can_manage": manager,
        "option_groups": groups,
        "selected_variant": selected,
        "stock_state": state,
        "available": available,
        "price": Money(price_amount, product.currency),
        "personalization": [
            {"field": f, "surcharge": Money(f.surcharge_amount, product.currency)}
            for f in product.personalization_fields.all()
        ],
        **_gallery(request, product),
    }
    template = "storefront/product_detail.html"
    fragment = _fragment(request)
    if fragment in {"gallery", "variant-status"}:
        template += "#" + fragment.replace("-", "_")
    else:
        # The social parts (the section also records the page view) belong to the full page.
        context["social_actions"] = social_parts.product_actions(request, product)
        context["social_section"] = social_parts.product_section(request, product, manager=manager)
        context["welcome_offer"] = _welcome_offer(request, shop)
        context["endorsements"] = _endorsements(product)
        # discovery: "In N pick lists" and the "add to a pick list" form
        context["picklists"] = product_picklists_part(request, product)
        # discovery: "You may also like" (co-engagement, then the same category)
        context["also_like"] = also_like_part(request, product)
        # discovery: "Popular on Agora" beside the title and on the suggested products' cards
        # (one query for all of them)
        suggested = [row["product"].pk for row in context["also_like"]["rows"]]
        popular_ids = popular_product_ids([product.pk, *suggested])
        context["popular"] = product.pk in popular_ids
        context["also_like"]["popular_ids"] = popular_ids
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
