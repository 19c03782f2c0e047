"""The shopper pages that combine domains: the home page, `/@handle` (a shop page or a person's
profile) and the product page (gallery, variants, stock, personalization, the social parts).

Thin: each view assembles its parts through the owning apps' selectors (catalog, shops,
accounts) and `social.parts`, and passes them in the context; the templates only render them
(social's partials are included with the prepared context). htmx requests for the product
page's gallery or variant status get only that fragment of the same template
(`{% partialdef %}`) and build nothing else; everything works without JavaScript.

The home page and the shop page read plain rows through prepared queries (the shop with the
viewer's facts in one: `shop_reads`) and show cached HTML for what looks the same to everyone
(shop and product cards, the shop's head and profile, the filters form before any filter),
keyed on a digest of what it shows (core.fragments), so an edit shows at once.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from agora.accounts.selectors import expertise_for, person_by_handle
from agora.catalog.cards import product_cards_html
from agora.core import fragments
from agora.core.templatetags.frozen import page_key, render_frozen_page
from agora.core.viewer import viewer
from agora.discovery.selectors import browse
from agora.discovery.selectors.picklists import recent_public_picklists
from agora.discovery.selectors.trending import trending_tags
from agora.discovery.views.browse import filter_form, filters_html
from agora.engagement import selectors as engagement_selectors
from agora.engagement.services import referral_welcome_offer
from agora.engagement.views.badges import badges_line
from agora.shops.cards import shop_cards_html
from agora.shops.selectors import first_shop_cards, managed_shop_cards
from agora.social import parts as social_parts
from agora.social.services.shares import REF_COOKIE
from agora.storefront.shop_reads import ShopPage, shop_page

HOME_SHOPS = 8
HOME_PRODUCTS = 12
HOME_FEED = 5  # the first posts of a signed-in person's feed on the home page
HOME_TAGS = 8
HOME_PICKLISTS = 4
HOME_DISCOVER_SECONDS = 30
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


def _home_discover() -> SafeString:
    """The signed-in home's aside (what trends, the newest pick lists): the same for everyone
    who reads one language, so kept whole for HOME_DISCOVER_SECONDS (trending itself is
    refreshed every minute); a new pick list shows up within that time."""
    html = cache.get_or_set(
        f"storefront:home-discover:1:{translation.get_language()}",
        lambda: str(
            render_to_string(
                "storefront/_home_discover.html",
                {
                    "trending_tags": trending_tags(limit=HOME_TAGS).items,
                    "picklists": recent_public_picklists(limit=HOME_PICKLISTS),
                },
            )
        ),
        HOME_DISCOVER_SECONDS,
    )
    return mark_safe(str(html))  # noqa: S308 - our own template, rendered with autoescaping


@require_GET
def home(request):
    """The first shops by name and the newest products: two prepared queries (and one for
    the products' covers), their cards cached whole (`shops.cards`, `catalog.cards`).

    A visitor sees the welcome (hero) first; a signed-in person sees the first posts of their
    feed instead, beside what trends and the newest pick lists: a fixed number of queries
    whatever the number of posts, tags or lists."""
    newest = browse.products_page(
        browse.ProductQuery(sort="newest"), cursor=None, limit=HOME_PRODUCTS, details="card"
    )
    shop_cards = shop_cards_html(first_shop_cards(limit=HOME_SHOPS))
    # with discovery's "Popular on Agora" on the cards of the products that carry it
    product_cards = product_cards_html(newest.items)
    context: dict[str, object] = {"shop_cards": shop_cards, "product_cards": product_cards}
    if request.user.is_authenticated:
        context["feed"] = social_parts.feed_preview(request, size=HOME_FEED)
        context["discover_html"] = _home_discover()
    # Outside its live blocks (the feed, the aside) the page shows the cards, each named by
    # its cache key: kept whole (core.templatetags.frozen).
    context["page_key"] = page_key(
        "home",
        HOME_TEMPLATE,
        request.user.is_authenticated,
        *shop_cards.cache_keys,
        "|",
        *product_cards.cache_keys,
    )
    return render_frozen_page(request, HOME_TEMPLATE, context)


HOME_TEMPLATE = "storefront/home.html"


# --- /@handle: a shop or a person ----------------------------------------------------------


@require_GET
def handle_page(request, handle: str):
    """Shops and people share one handle namespace (case-insensitive): an active shop's page,
    else a person's (one query for a shop with the viewer's facts, two for a person)."""
    page = shop_page(handle=handle, viewer=viewer(request))
    if page is not None:
        return _shop_page(request, page)
    return _person_page(request, handle)


def _shop_page(request, found: ShopPage):
    shop, manager = found.shop, found.manager
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
    filters = filter_form(
        request.GET,
        parsed,
        categories=browse.category_tree(shop=shop, non_empty=True),
        currency=shop.currency,
    )
    context = {
        "shop": shop,
        "head": _head(request, found),
        "cards": product_cards_html(page.items),  # cached whole, with their labels
        "page": page,
        "filters": filters,
        "filters_html": filters_html(request, filters),
        "can_manage": manager,
        "follow": (follow := social_parts.follow_box(request, shop, facts=found.follow)),
        "follow_html": social_parts.follow_box_html(request, follow),
        "posts": social_parts.actor_posts(request, shop, posted=found.posted),
        "welcome_offer": _welcome_offer(request, found),
        "campaigns": (
            [
                (line, line.phase)
                for line in engagement_selectors.campaign_lines_of_shop(
                    shop_id=shop.pk, drafts=manager
                )
            ]
            if found.campaigns_shown
            else []
        ),
    }
    # A visitor sees the same follow box and (for a shop that never posted) the same empty
    # posts section as every visitor: kept with the page rather than rendered per request.
    context["visitor_parts"] = not request.user.is_authenticated and not found.posted
    context["page_key"] = _shop_page_key(request, context)
    return render_frozen_page(request, SHOP_TEMPLATE, context)


SHOP_TEMPLATE = "storefront/shop_detail.html"


def _shop_page_key(request, context: dict) -> str:
    """Everything the shop page shows outside its live blocks (the head's link card, the
    follow box, a welcome offer, the posts: per viewer or per request; the follow box and the
    empty posts section are kept for visitors, with the follower count), so the page is kept
    whole and the next request renders only those (see core.templatetags.frozen)."""
    head, page, filters = context["head"], context["page"], context["filters"]
    return page_key(
        "shop",
        SHOP_TEMPLATE,
        request.get_full_path(),  # the filters form and the pager keep the query string
        context["shop"].handle,
        context["can_manage"],
        context["visitor_parts"],
        # what the kept follow box shows: the count, and where its sign-in link comes back to
        (context["follow"].get("counts"), context["follow"].get("next"))
        if context["visitor_parts"]
        else None,
        tuple(
            (campaign.get_absolute_url(), campaign.title, campaign.hashtag, phase)
            for campaign, phase in context["campaigns"]
        ),
        filters.active,
        page.next_cursor,
        *(str(head[name]) for name in ("title", "description", "canonical", "profile")),
        str(context["filters_html"]),
        *context["cards"].cache_keys,  # each names its card's HTML
    )


HEAD_PARTS = ("title", "description", "meta", "canonical", "profile")


def _head(request, found: ShopPage) -> dict[str, SafeString]:
    """The page's head (title, description, link card, canonical link) and the shop's
    profile, cached per version of the shop and its logo (what they show); the request's CSP
    nonce is filled in."""

    def render_parts(slots: fragments.Slots) -> dict[str, str]:
        context = {"shop": found.shop, "csp_nonce": slots["nonce"]}
        return {
            name: render_to_string(f"storefront/shop_head.html#{name}", context)
            for name in HEAD_PARTS
        }

    parts = fragments.cached("shop-head", found.key, render_parts)
    nonce = get_nonce(request)
    return {
        name: part.fill(nonce="" if nonce is None else str(nonce)) for name, part in parts.items()
    }


def _welcome_offer(request, found: ShopPage):
    """A referred friend's welcome discount at this shop (engagement's share rewards): shown
    to whoever arrived through a share link leading here (the `agora_ref` cookie), or holds an
    unused welcome coupon there; read only then."""
    code = request.COOKIES.get(REF_COOKIE) or None
    if code is None and not found.welcome_held:
        return None
    return referral_welcome_offer(shop=found.shop, user=viewer(request), share_code=code)


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
        "shops": shop_cards_html(managed_shop_cards(person.pk)),
        "follow": (follow := social_parts.follow_box(request, person)),
        "follow_html": social_parts.follow_box_html(request, follow),
        "posts": social_parts.actor_posts(request, person),
    }
    return render(request, "storefront/person_detail.html", context)
