"""Review pages: a product's reviews (sort and filter), one review, the review form (new or
edit, photos uploaded through the media pipeline), "helpful" and the shop's reply (form
POSTs that work without JavaScript)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalog.selectors import visible_products
from agora.community.models import REVIEW_MAX_PHOTOS, REVIEW_TEXT_MAX, REVIEW_TITLE_MAX
from agora.community.product_reviews import helpful_attrs
from agora.community.selectors import reviews as selectors
from agora.community.services import reviews as services
from agora.core.errors import DomainError, InvalidInput
from agora.core.forms import clean_text, parse_id, parse_int
from agora.core.ratelimit import RateLimited, enforce
from agora.core.urls_util import safe_next
from agora.core.viewer import viewer
from agora.media.models import MediaAsset
from agora.media.services import media_delete, media_upload
from agora.shops.selectors import can_manage

if TYPE_CHECKING:
    from django.http import HttpResponse

    from agora.catalog.models import Product

SORT_LABELS = {
    "helpful": gettext_lazy("Most helpful"),
    "newest": gettext_lazy("Newest"),
    "rating_high": gettext_lazy("Highest rating"),
    "rating_low": gettext_lazy("Lowest rating"),
}


def _product(request, handle: str, slug: str) -> Product:
    product = (
        visible_products(viewer(request))
        .select_related("shop")
        .annotate(handle_lower=Lower("shop__handle"))
        .filter(handle_lower=handle.lstrip("@").lower(), slug=slug)
        .first()
    )
    if product is None:
        raise Http404
    return product


@require_GET
def product_reviews(request, handle: str, slug: str) -> HttpResponse:
    """All of a product's reviews, sorted and filtered, a page at a time."""
    product = _product(request, handle, slug)
    sort = request.GET.get("sort") or "helpful"
    sort = sort if sort in SORT_LABELS else "helpful"
    rating = parse_int(request.GET.get("rating"), low=1, high=5)
    with_media = request.GET.get("with_media") in ("1", "true", "on")
    page = selectors.reviews_page(
        product=product,
        viewer=viewer(request),
        sort=sort,
        with_media=with_media,
        rating=rating,
        cursor=request.GET.get("cursor"),
        limit=20,
    )
    context = {
        "product": product,
        "rating": product.rating,
        "page": page,
        "reviews": [(r, helpful_attrs(r.pk in page.helped)) for r in page.items],
        "sort": sort,
        "sorts": SORT_LABELS.items(),
        "rating_filter": rating,
        "with_media": with_media,
        "manager": can_manage(shop=product.shop, user=request.user),
        "next": request.get_full_path(),
    }
    return render(request, "community/reviews/list.html", context)


@require_GET
def review_detail(request, review_id: int) -> HttpResponse:
    """One review, with the product it is about."""
    review = selectors.review_for_viewer(review_id=review_id, viewer=viewer(request))
    if review is None:
        raise Http404
    helped = selectors.helped_among(viewer=viewer(request), review_ids=[review.pk])
    context = {
        "review": review,
        "product": review.product,
        "helpful_attrs": helpful_attrs(review.pk in helped),
        "manager": can_manage(shop=review.product.shop, user=request.user),
        "next": request.get_full_path(),
    }
    return render(request, "community/reviews/detail.html", context)


def _uploads(request, kept: list[MediaAsset]) -> list[int]:
    """The form's photos through the media pipeline, each in its own short transaction."""
    files = request.FILES.getlist("photos")
    if len(files) > REVIEW_MAX_PHOTOS:
        raise InvalidInput.field("media_ids", _("At most %(n)s photos.") % {"n": REVIEW_MAX_PHOTOS})
    for upload in files:
        kept.append(media_upload(uploader=request.user, file=upload))
    return [m.pk for m in kept]


def _take_back(request, uploads: list[MediaAsset]) -> None:
    for media in MediaAsset.objects.filter(pk__in=[m.pk for m in uploads]):
        media_delete(actor=request.user, media=media)


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request, handle: str, slug: str) -> HttpResponse:
    """Write a review of the product (or edit yours): from the product page, or from the
    review request's link (`?line=<order line>`)."""
    product = _product(request, handle, slug)
    mine = selectors.review_of(author=request.user, product_id=product.pk)
    line_id = parse_id(request.GET.get("line") or request.POST.get("line"))
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "rating": mine.rating if mine else None,
        "title": mine.title if mine else "",
        "text": mine.text if mine else "",
    }
    if request.method == "POST":
        uploads: list[MediaAsset] = []
        values = {
            "rating": parse_int(request.POST.get("rating"), low=0, high=99),
            "title": request.POST.get("title", ""),
            "text": request.POST.get("text", ""),
        }
        try:
            enforce(request, group="review", key="user", rate=settings.AGORA_RATES["post"])
            title = clean_text(values["title"], field="title")
            text = clean_text(values["text"], field="text", multiline=True)
            media_ids = _uploads(request, uploads)
            rating = values["rating"] if values["rating"] is not None else 0
            if mine is None:
                mine = services.review_create(
                    author=request.user,
                    product_id=product.pk,
                    rating=rating,
                    title=title,
                    text=text,
                    media_ids=media_ids,
                    order_line_id=_own_line(request, product, line_id),
                )
                messages.success(request, _("Thanks! Your review is published."))
            else:
                changes: dict[str, Any] = {"rating": rating, "title": title, "text": text}
                if media_ids or request.POST.get("remove_photos"):
                    changes["media_ids"] = media_ids
                services.review_update(user=request.user, review=mine, **changes)
                messages.success(request, _("Your review is updated."))
        except RateLimited:
            _take_back(request, uploads)
            errors = {"__all__": [_("Too many reviews. Try again later.")]}
        except DomainError as exc:
            _take_back(request, uploads)
            errors = exc.fields or {"__all__": [exc.message]}
        else:
            return redirect(product.get_absolute_url() + "#reviews")
    context = {
        "product": product,
        "review": mine,
        "values": values,
        "errors": errors,
        "line": line_id,
        "stars": [5, 4, 3, 2, 1],
        "title_max": REVIEW_TITLE_MAX,
        "text_max": REVIEW_TEXT_MAX,
        "max_photos": REVIEW_MAX_PHOTOS,
    }
    status = 422 if errors else 200
    return render(request, "community/reviews/form.html", context, status=status)


def _own_line(request, product: Product, line_id: int | None) -> int | None:
    """The review request's order line when it is the person's paid, kept line of the
    product (else the review names their latest such line, if any)."""
    if line_id is None:
        return None
    line = selectors.kept_line(user_id=request.user.pk, product_id=product.pk, line_id=line_id)
    return line.pk if line is not None else None


@login_required
@require_GET
def review_edit(request, review_id: int) -> HttpResponse:
    """The author's way back to the form of their review."""
    review = selectors.review_for_viewer(review_id=review_id, viewer=request.user)
    if review is None or review.author_id != request.user.pk:
        raise Http404
    product = review.product
    return redirect("community:review-new", product.shop.handle, product.slug)


@login_required
@require_POST
def review_helpful(request, review_id: int) -> HttpResponse:
    """ "Helpful" (`helpful=1`) or taking it back (`helpful=0`), then back to the page."""
    review = selectors.review_for_viewer(review_id=review_id, viewer=request.user)
    if review is None:
        raise Http404
    back = safe_next(request, request.POST.get("next"), review.get_absolute_url())
    try:
        if request.POST.get("helpful") == "0":
            services.review_helpful_unset(user=request.user, review=review)
        else:
            enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
            services.review_helpful_set(user=request.user, review=review)
    except RateLimited:
        messages.error(request, _("Too many votes. Try again later."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@login_required
@require_POST
def review_reply(request, review_id: int) -> HttpResponse:
    """The shop's public reply (its team only, once)."""
    review = selectors.review_for_viewer(review_id=review_id, viewer=request.user)
    if review is None:
        raise Http404
    back = safe_next(request, request.POST.get("next"), review.get_absolute_url())
    try:
        text = clean_text(request.POST.get("text"), field="text", multiline=True)
        services.review_reply_create(user=request.user, review=review, text=text)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your reply is published."))
    return redirect(back)


urlpatterns = [
    path(
        "@<str:handle>/products/<str:slug>/reviews",
        product_reviews,
        name="product-reviews",
    ),
    path("@<str:handle>/products/<str:slug>/reviews/new", review_form, name="review-new"),
    path("reviews/<id:review_id>", review_detail, name="review"),
    path("reviews/<id:review_id>/edit", review_edit, name="review-edit"),
    path("reviews/<id:review_id>/helpful", review_helpful, name="review-helpful"),
    path("reviews/<id:review_id>/reply", review_reply, name="review-reply"),
]
