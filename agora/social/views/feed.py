"""/feed: the composer, then the home timeline with infinite scroll (htmx) or "Older posts"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agora.accounts.selectors import viewer_stand_in
from agora.core import fragments
from agora.core.digest import digest
from agora.core.errors import DomainError
from agora.core.forms import Form, parse_id
from agora.core.prepared import prepared
from agora.core.ratelimit import RateLimited
from agora.media.models import MediaAsset
from agora.media.services import media_delete, media_upload
from agora.shops.selectors import shops_managed_by
from agora.social import hooks
from agora.social.models import POST_MAX_LENGTH, POST_MAX_MEDIA, POST_MAX_PRODUCTS, Post
from agora.social.selectors.feed_rows import feed_rows
from agora.social.services.posts import post_create
from agora.social.views import _cards, _queries
from agora.social.views._common import is_htmx, limit, refused, render_kept, render_page
from agora.social.views._row_cards import row_card

FEED_PAGE = 20
POLL_MAX_OPTIONS = 6
POLL_DURATIONS = [
    (60, gettext_lazy("1 hour")),
    (24 * 60, gettext_lazy("1 day")),
    (3 * 24 * 60, gettext_lazy("3 days")),
    (7 * 24 * 60, gettext_lazy("1 week")),
]


class ComposerForm(Form):
    text = forms.CharField(
        label=gettext_lazy("What's new?"),
        required=False,
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": POST_MAX_LENGTH}),
    )
    as_shop = forms.ChoiceField(label=gettext_lazy("Post as"), required=False)
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can see it"),
        choices=Post.Visibility.choices,
        initial=Post.Visibility.PUBLIC,
        required=False,
    )
    alt = forms.CharField(
        label=gettext_lazy("Describe your photos"),
        help_text=gettext_lazy("For people who use a screen reader."),
        required=False,
        max_length=300,
    )

    poll_closes_in = forms.TypedChoiceField(
        label=gettext_lazy("Voting closes in"),
        choices=POLL_DURATIONS,
        coerce=int,
        initial=24 * 60,
        required=False,
    )
    poll_early_access = forms.IntegerField(
        # xgettext:no-python-format
        label=gettext_lazy("Early access for the winner's voters (% off, shops only)"),
        min_value=0,
        max_value=50,
        required=False,
    )
    poll_results = forms.ChoiceField(
        label=gettext_lazy("Who sees the results before the close"),
        choices=[
            ("after_vote", gettext_lazy("Those who voted")),
            ("after_close", gettext_lazy("Nobody until it closes")),
        ],
        initial="after_vote",
        required=False,
    )

    def __init__(self, *args, shops=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        me = _("Myself (@%(handle)s)") % {"handle": user.username} if user else _("Myself")
        cast("forms.ChoiceField", self.fields["as_shop"]).choices = [("", me)] + [
            (s.handle, f"{s.name} (@{s.handle})") for s in shops
        ]
        for n in range(1, POLL_MAX_OPTIONS + 1):
            self.fields[f"poll_option_{n}"] = forms.CharField(
                label=_("Option %(n)s") % {"n": n},
                required=False,
                max_length=80,
                widget=forms.TextInput(attrs={"maxlength": 80}),
            )

    @property
    def poll_rows(self) -> list:
        """(label field, picture input name) for each possible poll option."""
        return [
            (self[f"poll_option_{n}"], f"poll_image_{n}") for n in range(1, POLL_MAX_OPTIONS + 1)
        ]

    @property
    def poll_open(self) -> bool:
        """Whether the poll part shows open (a poll being written, or refused)."""
        return self.is_bound and any(
            (self.data.get(f"poll_option_{n}") or "").strip()
            for n in range(1, POLL_MAX_OPTIONS + 1)
        )

    def poll(self, images: dict[int, int]) -> dict | None:
        """The poll the composer describes (`PollIn`'s shape), or None without option labels.
        `images`: option number → the id of its uploaded picture."""
        data = self.cleaned_data
        numbers = [
            n
            for n in range(1, POLL_MAX_OPTIONS + 1)
            if data.get(f"poll_option_{n}", "").strip() or n in images
        ]
        if not numbers:
            return None
        minutes = data.get("poll_closes_in") or 24 * 60
        return {
            "options": [
                {"label": data.get(f"poll_option_{n}", ""), "image_media_id": images.get(n)}
                for n in numbers
            ],
            "closes_at": timezone.now() + timedelta(minutes=minutes),
            "results_visibility": data.get("poll_results") or "after_vote",
            "early_access_percent": data.get("poll_early_access") or 0,
        }

    def add_service_error(self, exc: DomainError) -> None:
        """Text, author and visibility errors beside their fields; the rest (photos,
        products) on top of the composer."""
        if not exc.fields:
            self.add_error(None, exc.message)
        for path, errors in exc.fields.items():
            for error in errors:
                self.add_error(path if path in self.fields else None, error)


def _ids(values, size: int) -> list[int]:
    ids = [i for i in map(parse_id, values) if i is not None]
    return list(dict.fromkeys(ids))[:size]


COMPOSER_VERSION = "1"  # bump when composer.html or the composer's fields change
_CSRF_STAND_IN = "composer-csrf-token-stand-in"


def _blank_composer(request, shops, context) -> SafeString:
    """The empty composer, rendered once per person, their shops and language and kept in the
    cache; the product list fills in when opened. The CSRF token goes in per request."""
    user = request.user
    names = (user.pk, user.username, tuple((s.handle, s.name) for s in shops))
    key = f"agora:composer:{COMPOSER_VERSION}:{get_language()}:{digest(names)}"
    html = cache.get(key)
    if html is None:
        html = get_template("social/composer.html").render(
            {
                **context,
                "form": ComposerForm(shops=shops, user=user),
                "lazy_picker": True,
                "picker": [],
                "picked": set(),
                "csrf_token": _CSRF_STAND_IN,
            }
        )
        cache.set(key, html, timeout=24 * 3600)
    return SafeString(html.replace(_CSRF_STAND_IN, fragments.csrf_token(request)))


@dataclass(frozen=True, slots=True)
class ShopChoice:
    """A shop the person may post as (the composer's choices)."""

    pk: int
    handle: str
    name: str


@prepared(user=int)
def _managed_shops(*, user: int):
    managed = shops_managed_by(viewer_stand_in(user_id=user, actor_id=0))
    return managed.values_list("pk", "handle", "name")


def managed_shops(user) -> list[ShopChoice]:
    """`shops_managed_by(user)` as the composer and the cards read them: one query, written
    once."""
    return [ShopChoice(*row) for row in _managed_shops(user=user.pk)]


def _feed_context(request, *, form=None, product_ids=(), query="") -> dict:
    user = request.user
    page = feed_rows(user=user, cursor=request.GET.get("cursor"), limit=FEED_PAGE)
    shops = managed_shops(user)
    shop_ids = {s.pk for s in shops}
    facts = page.facts
    actor_id = user.actor_id  # read once: `request.user` is a lazy object
    items = [
        row_card(
            i.post,
            liked=facts.liked,
            reposted=facts.reposted,
            actor_id=actor_id,
            shop_ids=shop_ids,
            reposted_by=i.reposted_by,
        )
        for i in page.items
    ]
    _cards.with_polls(_cards.with_badges(items), request=request)
    first_page = not request.GET.get("cursor")
    context: dict[str, Any] = {
        "cards": items,
        "more_url": (
            f"{reverse('social_web:feed')}?cursor={page.next_cursor}" if page.next_cursor else None
        ),
        "first_page": first_page,
        "max_length": POST_MAX_LENGTH,
        "max_products": POST_MAX_PRODUCTS,
        "max_media": POST_MAX_MEDIA,
    }
    if is_htmx(request) and not first_page:
        return context  # the next page only: no composer, no suggestions
    # Tabs beside this feed ("For you"), from the app that provides them.
    context["tabs"] = hooks.feed_tabs(request=request) if hooks.feed_tabs.provider else []
    if form is None and not product_ids and not query:
        context["composer_html"] = _blank_composer(request, shops, context)
    else:
        context["form"] = form or ComposerForm(shops=shops, user=user)
        context["picker"] = _queries.picker_products(
            query=query, shop_ids=shop_ids, selected_ids=product_ids
        )
        context["picked"] = set(product_ids)
        context["product_query"] = query
    if not items and first_page:
        context["suggestions"] = _queries.shops_to_follow(user)
    return context


@login_required
@require_GET
def feed(request):
    query = request.GET.get("product_q", "")
    ids = _ids(request.GET.getlist("product_ids"), POST_MAX_PRODUCTS)
    form = None
    if "product_q" in request.GET:  # the picker's search without JavaScript keeps the draft
        shops = list(shops_managed_by(request.user))
        form = ComposerForm(request.GET, shops=shops, user=request.user)
        form.is_valid()
        form.errors.clear()
    context = _feed_context(request, form=form, product_ids=ids, query=query)
    if is_htmx(request):
        return render_page(request, FEED_TEMPLATE, context, partial="page")
    # Outside its live blocks (tabs, composer, cards, suggestions) the page shows the same
    # words to everyone who reads its language.
    return render_kept(request, FEED_TEMPLATE, context)


FEED_TEMPLATE = "social/feed.html"


@login_required
@require_GET
def composer_products(request):
    """The product picker's results for a search (htmx), chosen products kept on top."""
    shops = list(shops_managed_by(request.user))
    ids = _ids(request.GET.getlist("product_ids"), POST_MAX_PRODUCTS)
    query = request.GET.get("product_q", "")
    context = {
        "picker": _queries.picker_products(
            query=query, shop_ids={s.pk for s in shops}, selected_ids=ids
        ),
        "picked": set(ids),
        "product_query": query,
        "max_products": POST_MAX_PRODUCTS,
    }
    return render_page(request, "social/composer.html", context, partial="picker")


def _upload(
    request, form: ComposerForm, photos: list, kept: list[MediaAsset]
) -> tuple[list[int], dict[int, int]]:
    """Runs the composer's photos and poll pictures through the media pipeline, each stored in
    its own short transaction, appending each to `kept` as soon as it exists (so the caller
    can take them back). Returns the photos' ids and poll option number → picture id."""
    alt = form.cleaned_data["alt"]
    photo_ids = []
    for photo in photos:
        media = media_upload(uploader=request.user, file=photo, alt=alt)
        kept.append(media)
        photo_ids.append(media.pk)
    images = {}
    for n in range(1, POLL_MAX_OPTIONS + 1):
        if f"poll_image_{n}" in request.FILES:
            picture = media_upload(
                uploader=request.user,
                file=request.FILES[f"poll_image_{n}"],
                alt=form.cleaned_data.get(f"poll_option_{n}", ""),
            )
            kept.append(picture)
            images[n] = picture.pk
    return photo_ids, images


def _take_back(user, uploads: list[MediaAsset]) -> None:
    """Deletes the uploads of a refused post (rows now, files after the commit), read again:
    thumbnails may have been written since the upload returned."""
    for media in MediaAsset.objects.filter(pk__in=[m.pk for m in uploads]):
        media_delete(actor=user, media=media)


@login_required
@require_http_methods(["GET", "POST"])
def compose(request):
    """Publishes the composer's post. Photos go through the media pipeline first, outside any
    transaction (decoding and re-encoding a large photo takes most of a second, and SQLite's
    write lock must not wait for it); then the post takes their ids in its own transaction. A
    refused post takes its uploads back, so it leaves no media rows or files."""
    if request.method == "GET":
        return redirect("social_web:feed")
    shops = list(shops_managed_by(request.user))
    form = ComposerForm(request.POST, shops=shops, user=request.user)
    product_ids = _ids(request.POST.getlist("product_ids"), 100)
    photos = request.FILES.getlist("photos")
    try:
        limit(request, "post")
    except RateLimited as exc:
        return refused(request, exc, reverse("social_web:feed"))
    if form.is_valid():
        if len(photos) > POST_MAX_MEDIA:
            form.add_error(None, _("At most %(n)s images or videos.") % {"n": POST_MAX_MEDIA})
        else:
            uploads: list[MediaAsset] = []
            try:
                media_ids, images = _upload(request, form, photos, uploads)
                post = post_create(
                    user=request.user,
                    text=form.cleaned_data["text"],
                    product_ids=product_ids,
                    media_ids=media_ids,
                    as_shop=form.cleaned_data["as_shop"] or None,
                    visibility=form.cleaned_data["visibility"] or Post.Visibility.PUBLIC,
                    source="web",
                    poll=form.poll(images),
                )
            except DomainError as exc:
                _take_back(request.user, uploads)
                form.add_service_error(exc)
            except BaseException:
                _take_back(request.user, uploads)
                raise
            else:
                messages.success(request, _("Your post is live."))
                return redirect(f"{reverse('social_web:feed')}#post-{post.pk}")
    context = _feed_context(request, form=form, product_ids=product_ids[:POST_MAX_PRODUCTS])
    return render_page(request, "social/feed.html", context, status=400)
