"""Pick list pages: the index (automatic lists per category, then people's and shops' public
lists), a list, "my lists" with the forms that make and change them, and the automatic lists.
Plain forms that work without JavaScript; every change redirects back with a message.

The product page's part ("In N pick lists", the "add to a list" form) is
`views.product_page.picklists_html`, composed by the storefront.
"""

from __future__ import annotations

from typing import Any, NoReturn, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.accounts.models import User
from agora.catalog.models import Category, Product
from agora.core.errors import DomainError
from agora.core.forms import Form, parse_id
from agora.core.urls_util import absolute_url, safe_next
from agora.core.viewer import viewer
from agora.discovery.models.picklists import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PickList,
)
from agora.discovery.selectors import picklists as selectors
from agora.discovery.selectors.trending import popular_product_ids
from agora.discovery.services import picklists as services
from agora.shops.selectors import shops_managed_by

LISTS_PER_PAGE = 20


class PickListForm(Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX_LENGTH}),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can see it"),
        choices=PickList.Visibility.choices,
        initial=PickList.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    as_shop = forms.ChoiceField(label=gettext_lazy("Make it as"), required=False)

    def __init__(self, *args: Any, shops: Any = (), user: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not shops:
            del self.fields["as_shop"]
            return
        me = _("Myself (@%(handle)s)") % {"handle": user.username} if user else _("Myself")
        cast("forms.ChoiceField", self.fields["as_shop"]).choices = [("", me)] + [
            (s.handle, f"{s.name} (@{s.handle})") for s in shops
        ]

    def add_service_error(self, exc: DomainError) -> None:
        if not exc.fields:
            self.add_error(None, exc.message)
        for path, problems in exc.fields.items():
            for problem in problems:
                self.add_error(path if path in self.fields else None, problem)


def _person(request: HttpRequest) -> User:
    return cast(User, request.user)


def _cards(products: list[Product]) -> dict[str, Any]:
    return {"popular_ids": popular_product_ids(p.pk for p in products)}


def _row(picklist: PickList, expertise: dict[int, list[str]]) -> dict[str, Any]:
    """What a list's summary shows: the list, its owner's name and link, the expert mark."""
    name, url = selectors.owner_name_and_url(picklist)
    return {
        "list": picklist,
        "owner_name": name,
        "owner_url": url,
        "handle": picklist.owner.name,
        "expertise": expertise.get(picklist.owner_id, []),
    }


# --- the index and the automatic lists ------------------------------------------------------
@require_GET
def picklist_index(request: HttpRequest) -> HttpResponse:
    """Every category's automatic lists, then the newest public lists (paged)."""
    page = selectors.public_picklists_page(
        viewer=viewer(request), cursor=request.GET.get("cursor"), limit=LISTS_PER_PAGE
    )
    context = {
        "categories": selectors.auto_categories(),
        "kinds": list(selectors.AUTO_KINDS.values()),
        "rows": [_row(p, page.expertise) for p in page.items],
        "page": page,
    }
    return render(request, "discovery/picklist_index.html", context)


@require_GET
def picklist_auto(request: HttpRequest, category: str, kind: str) -> HttpResponse:
    """An automatic list of one category: most popular this week, most shared, new and
    noteworthy."""
    found = Category.objects.filter(slug=category[:120]).first()
    if found is None or kind not in selectors.AUTO_KINDS:
        raise Http404
    products = selectors.auto_list(category=found, kind=kind)
    context = {
        "category": found,
        "kind": selectors.AUTO_KINDS[kind],
        "kinds": list(selectors.AUTO_KINDS.values()),
        "products": products,
        **_cards(products),
    }
    return render(request, "discovery/picklist_auto.html", context)


# --- one list ------------------------------------------------------------------------------
def _visible(request: HttpRequest, picklist_id: int, key: str | None) -> PickList:
    found = selectors.picklist_for_viewer(picklist_id=picklist_id, viewer=viewer(request), key=key)
    if found is None:
        raise Http404
    return found


@require_GET
def picklist_page(request: HttpRequest, picklist_id: int, key: str | None = None) -> HttpResponse:
    found = _visible(request, picklist_id, key)
    return _render_list(request, found, key=key)


def _render_list(
    request: HttpRequest,
    picklist: PickList,
    *,
    key: str | None,
    form: PickListForm | None = None,
    status: int = 200,
) -> HttpResponse:
    me = viewer(request)
    items = selectors.picklist_items(picklist=picklist, viewer=me)
    picklist.loaded_items = items  # type: ignore[attr-defined]  # its link card reads them
    editable = bool(getattr(picklist, "editable", False))
    expertise = selectors.expertise_by_actor([picklist.owner_id])
    if editable and form is None:
        form = PickListForm(
            initial={
                "title": picklist.title,
                "description": picklist.description,
                "visibility": picklist.visibility,
            }
        )
    context = {
        "row": _row(picklist, expertise),
        "picklist": picklist,
        "items": items,
        "editable": editable,
        "form": form if editable else None,
        "key": key or "",
        "signed_in": me is not None,
        "note_max": NOTE_MAX_LENGTH,
        "absolute_link": absolute_url(picklist.get_absolute_url())
        if picklist.visibility == PickList.Visibility.UNLISTED
        else "",
        **_cards([i.product for i in items]),
    }
    return render(request, "discovery/picklist_detail.html", context, status=status)


@login_required
@require_POST
def picklist_edit(request: HttpRequest, picklist_id: int) -> HttpResponse:
    """Saves the list's title, description and visibility (its editors only)."""
    found = _visible(request, picklist_id, request.POST.get("key"))
    form = PickListForm(request.POST)
    if form.is_valid():
        try:
            services.picklist_update(
                user=_person(request),
                picklist=found,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                visibility=form.cleaned_data["visibility"],
            )
        except DomainError as exc:
            if exc.status == 403:
                _forbidden(exc)
            form.add_service_error(exc)
        else:
            messages.success(request, _("The list is saved."))
            return HttpResponseRedirect(found.get_absolute_url())
    return _render_list(request, found, key=request.POST.get("key"), form=form, status=422)


def _forbidden(exc: Exception) -> NoReturn:
    """A refused change answers 403 (the list is visible, the person is not its editor)."""
    raise PermissionDenied from exc


@login_required
@require_POST
def picklist_delete(request: HttpRequest, picklist_id: int) -> HttpResponse:
    """Deletes the list (its editors only) and goes back to "my lists"."""
    found = _visible(request, picklist_id, request.POST.get("key"))
    try:
        services.picklist_delete(user=_person(request), picklist=found)
    except DomainError as exc:
        _forbidden(exc)
    messages.success(request, _("The list is deleted."))
    return HttpResponseRedirect(reverse("discovery_web:picklists-mine"))


@login_required
@require_POST
def picklist_item(request: HttpRequest, picklist_id: int, item_id: int) -> HttpResponse:
    """One item's form: save its note, move it up or down, or remove it."""
    found = _visible(request, picklist_id, request.POST.get("key"))
    item = selectors.picklist_item(picklist=found, item_id=item_id)
    if item is None:
        raise Http404
    action = request.POST.get("action", "save")
    me = _person(request)
    try:
        if action == "remove":
            services.picklist_item_remove(user=me, picklist=found, item=item)
            messages.success(request, _("The product is off the list."))
        elif action in {"up", "down"}:
            step = -1 if action == "up" else 1
            services.picklist_item_update(
                user=me, picklist=found, item=item, position=max(0, item.position + step)
            )
        else:
            services.picklist_item_update(
                user=me,
                picklist=found,
                item=item,
                note=request.POST.get("note", "")[: NOTE_MAX_LENGTH + 1],
            )
            messages.success(request, _("The note is saved."))
    except DomainError as exc:
        if exc.status == 403:
            _forbidden(exc)
        messages.error(request, exc.message)
    return HttpResponseRedirect(f"{found.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def picklist_follow(request: HttpRequest, picklist_id: int) -> HttpResponse:
    """Follows or unfollows (`action=unfollow`) the list, then back to it."""
    key = request.POST.get("key") or None
    found = _visible(request, picklist_id, key)
    me = _person(request)
    if request.POST.get("action") == "unfollow":
        services.picklist_unfollow(user=me, picklist=found)
        messages.success(request, _("You no longer follow this list."))
    else:
        services.picklist_follow(user=me, picklist=found)
        messages.success(request, _("You follow this list."))
    default = reverse("discovery_web:picklist", args=[found.pk])
    if key:
        default = reverse("discovery_web:picklist-keyed", args=[found.pk, key[:64]])
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), default))


# --- my lists ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def picklists_mine(request: HttpRequest) -> HttpResponse:
    """The lists the person edits (theirs and their shops'), the lists they follow, and the
    form that makes a new one."""
    me = _person(request)
    shops = list(shops_managed_by(me))
    form = PickListForm(request.POST or None, shops=shops, user=me)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.picklist_create(
                user=me,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                visibility=form.cleaned_data["visibility"],
                as_shop=form.cleaned_data.get("as_shop") or None,
            )
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your list is ready: add products from their pages."))
            return HttpResponseRedirect(made.get_absolute_url())
    mine = selectors.picklists_editable_by(me)
    followed = selectors.picklists_followed_by(me)
    expertise = selectors.expertise_by_actor([p.owner_id for p in [*mine, *followed]])
    context = {
        "form": form,
        "mine": [_row(p, expertise) for p in mine],
        "followed": [_row(p, expertise) for p in followed],
    }
    return render(
        request,
        "discovery/picklist_mine.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def picklist_add_product(request: HttpRequest) -> HttpResponse:
    """The product page's "add to a pick list" form: the chosen list, the product, a note."""
    me = _person(request)
    product_id = parse_id(request.POST.get("product_id"))
    picklist_id = parse_id(request.POST.get("picklist_id"))
    back = safe_next(request, request.POST.get("next"), reverse("discovery_web:picklists-mine"))
    found = (
        selectors.picklist_for_viewer(picklist_id=picklist_id, viewer=me)
        if picklist_id is not None
        else None
    )
    if found is None or product_id is None:
        messages.error(request, _("Choose one of your lists."))
        return HttpResponseRedirect(back)
    try:
        services.picklist_item_add(
            user=me,
            picklist=found,
            product_id=product_id,
            note=request.POST.get("note", "")[: NOTE_MAX_LENGTH + 1],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Added to “%(title)s”.") % {"title": found.title})
    return HttpResponseRedirect(back)
