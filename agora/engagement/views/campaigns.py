"""Campaign pages: the public page (ranked entries, live totals refreshed by htmx), the shop
team's form to create one, and their actions (publish, end, pick winners). Everything works
without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.accounts.models import User
from agora.catalog.models import Product
from agora.core.errors import DomainError
from agora.core.forms import Form, parse_id
from agora.core.viewer import viewer
from agora.engagement import selectors, services
from agora.engagement.models import (
    CAMPAIGN_DESCRIPTION_MAX_LENGTH,
    CAMPAIGN_PRIZES_MAX_LENGTH,
    CAMPAIGN_TITLE_MAX_LENGTH,
    Campaign,
)
from agora.shops.models import Shop
from agora.shops.selectors import can_manage, shops_managed_by

ENTRIES_PER_PAGE = 20


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _campaign_or_404(request: HttpRequest, campaign_id: int) -> tuple[Campaign, bool]:
    campaign = selectors.campaign_by_id(campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    manager = can_manage(shop=campaign.shop, user=viewer(request))
    if not selectors.campaign_visible(campaign=campaign, managed=manager):
        raise Http404
    return campaign, manager


def _page_context(request: HttpRequest, campaign: Campaign, manager: bool) -> dict[str, Any]:
    phase = selectors.campaign_phase(campaign)
    return {
        "campaign": campaign,
        "phase": phase,
        "live": phase == Campaign.Status.RUNNING,
        "totals": selectors.campaign_totals(campaign),
        "manager": manager,
    }


@require_GET
def campaign_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The campaign: what it is, its totals, its entries best first (paged by `cursor`);
    htmx's refresh asks for the totals alone."""
    campaign, manager = _campaign_or_404(request, campaign_id)
    context = _page_context(request, campaign, manager)
    if _htmx(request) and request.headers.get("HX-Target") == f"campaign-{campaign.pk}-totals":
        response = render(request, "engagement/campaigns/page.html#totals", context)
    else:
        page = selectors.campaign_entries_page(
            campaign=campaign, cursor=request.GET.get("cursor"), limit=ENTRIES_PER_PAGE
        )
        context.update(
            page=page,
            entries=[
                {"post": post, "rank": page.first_rank + i, "winner": post.pk in page.winners}
                for i, post in enumerate(page.items)
            ],
            can_pick=manager and context["phase"] == Campaign.Status.ENDED,
        )
        response = render(request, "engagement/campaigns/page.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


class CampaignForm(Form):
    shop = forms.ChoiceField(label=gettext_lazy("Shop"))
    hashtag = forms.CharField(
        label=gettext_lazy("Hashtag"),
        max_length=101,
        help_text=gettext_lazy("One hashtag people add to their posts, e.g. #ShareACoke."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=CAMPAIGN_TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=CAMPAIGN_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    prizes = forms.CharField(
        label=gettext_lazy("Prizes"),
        required=False,
        max_length=CAMPAIGN_PRIZES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    product = forms.TypedChoiceField(
        label=gettext_lazy("Personalised product (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish now (otherwise a draft only your team sees)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, shops: list[Shop], products: list[Product], **kwargs: Any):
        super().__init__(*args, **kwargs)
        shop_field = self.fields["shop"]
        product_field = self.fields["product"]
        assert isinstance(shop_field, forms.ChoiceField)
        assert isinstance(product_field, forms.ChoiceField)
        shop_field.choices = [(s.handle, f"{s.name} (@{s.handle})") for s in shops]
        product_field.choices = [("", "—")] + [
            (p.pk, f"{p.title} (@{p.shop.handle})") for p in products
        ]


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    """The shop team's form: a campaign of one of the shops they help run."""
    me = _person(request)
    shops = list(shops_managed_by(me))
    if not shops:
        raise PermissionDenied
    products = list(
        Product.objects.filter(shop__in=shops)
        .select_related("shop")
        .order_by("shop_id", "title")[:200]
    )
    initial = {"shop": request.GET.get("shop") or shops[0].handle, "publish": True}
    form = CampaignForm(request.POST or None, shops=shops, products=products, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shop = next(s for s in shops if s.handle == data["shop"])
        try:
            campaign = services.campaign_create(
                user=me,
                shop=shop,
                hashtag=data["hashtag"],
                title=data["title"],
                description=data["description"],
                prizes=data["prizes"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                product_id=data["product"],
                publish=data["publish"],
            )
        except DomainError as exc:
            for name, errors in exc.fields.items():
                target = "product" if name == "product_id" else name
                for error in errors:
                    form.add_error(target if target in form.fields else None, error)
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your campaign is ready."))
            return HttpResponseRedirect(campaign.get_absolute_url())
    return render(
        request,
        "engagement/campaigns/new.html",
        {"form": form, "timezone": timezone.get_current_timezone_name()},
    )


def _act(request: HttpRequest, campaign_id: int, action: str) -> HttpResponse:
    campaign, _manager = _campaign_or_404(request, campaign_id)
    me = _person(request)
    try:
        if action == "publish":
            services.campaign_publish(user=me, campaign=campaign)
            messages.success(request, _("The campaign is published."))
        elif action == "end":
            services.campaign_end(user=me, campaign=campaign)
            messages.success(request, _("The campaign has ended."))
        else:
            ids = [i for i in (parse_id(v) for v in request.POST.getlist("post")) if i]
            picked = services.campaign_pick_winners(user=me, campaign=campaign, post_ids=ids)
            messages.success(
                request, _("%(n)s new winners picked and notified.") % {"n": len(picked)}
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(campaign.get_absolute_url())


@login_required
@require_POST
def campaign_publish(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _act(request, campaign_id, "publish")


@login_required
@require_POST
def campaign_end(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _act(request, campaign_id, "end")


@login_required
@require_POST
def campaign_winners(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _act(request, campaign_id, "winners")
