"""Posts that sell: text with #tags and @mentions, media, product tags, visibility."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from agora.accounts.models import Handle
from agora.accounts.selectors import handles_named
from agora.analytics.services import event_record
from agora.catalog.models import Product
from agora.core.errors import InvalidInput, PermissionDenied
from agora.media.models import MediaAsset
from agora.shops.selectors import shop_role
from agora.social import hooks
from agora.social import text as post_text
from agora.social.models import (
    POST_MAX_LENGTH,
    POST_MAX_MEDIA,
    POST_MAX_PRODUCTS,
    Mention,
    Notification,
    Post,
    PostMedia,
    PostProduct,
    PostTag,
    ProductEngagement,
    Tag,
)
from agora.social.scheduling import enqueue_fanout
from agora.social.schemas import PollIn
from agora.social.selectors.graph import blocked_between
from agora.social.services.actors import actor_for_posting, actor_for_user
from agora.social.services.notification_counts import (
    unread_lock,
    unread_recipients,
    unread_recount,
    unread_recount_for,
)
from agora.social.services.notifications import notify
from agora.social.services.timeline import now_key, timeline_insert

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.selectors.posts import Viewer

# Comment-to-buy as the API and the pages give it: true (keyword SOLD), off, or {"keyword": ...}.
type CommentToBuy = bool | dict[str, Any] | None


def _validate_text(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > POST_MAX_LENGTH:
        raise InvalidInput.field("text", _("At most %(n)s characters.") % {"n": POST_MAX_LENGTH})
    return value


def _products(ids: list[int]) -> list[Product]:
    ids = list(dict.fromkeys(ids or []))
    if len(ids) > POST_MAX_PRODUCTS:
        raise InvalidInput.field(
            "product_ids", _("Tag at most %(n)s products.") % {"n": POST_MAX_PRODUCTS}
        )
    found = {
        p.pk: p
        for p in Product.objects.filter(
            pk__in=ids, status=Product.Status.ACTIVE, shop__is_active=True
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput.field("product_ids", _("Unknown product: %(ids)s.") % {"ids": missing})
    return [found[i] for i in ids]


def _comment_to_buy_keyword(
    value: CommentToBuy, *, author: Handle, products: Sequence[Product]
) -> str:
    """The keyword to store: "" (off) for None/false; "SOLD" for true; else the given word.
    Only a shop's team posting as the shop may turn it on (403), for exactly one tagged
    product (422 `comment_to_buy`)."""
    if isinstance(value, dict):
        keyword = " ".join(str(value.get("keyword") or "").split())
        if not keyword or len(keyword) > 20:
            raise InvalidInput.field(
                "comment_to_buy.keyword", _("Choose a keyword of 1 to 20 characters.")
            )
    else:
        keyword = "SOLD" if value else ""
    if not keyword:
        return ""
    if author.kind != Handle.Kind.SHOP:
        raise PermissionDenied(_("Only a shop can sell through comments."))
    if len(products) != 1:
        raise InvalidInput.field(
            "comment_to_buy", _("Tag exactly one product to sell it through comments.")
        )
    return keyword


def _media(user: User, ids: list[int]) -> list[MediaAsset]:
    ids = list(dict.fromkeys(ids or []))
    if len(ids) > POST_MAX_MEDIA:
        raise InvalidInput.field(
            "media_ids", _("At most %(n)s images or videos.") % {"n": POST_MAX_MEDIA}
        )
    found = {m.pk: m for m in MediaAsset.objects.filter(pk__in=ids, uploaded_by=user)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput.field("media_ids", _("Unknown media: %(ids)s.") % {"ids": missing})
    return [found[i] for i in ids]


def _poll(value: PollIn | dict[str, Any] | None) -> PollIn | None:
    """The poll's shape (`PollIn`) from the API's schema or a plain dict (the composer), or
    InvalidInput naming each field under `poll.`; what needs the database is checked by the
    app that keeps polls (`hooks.post_poll_create`)."""
    if value is None or isinstance(value, PollIn):
        return value
    try:
        return PollIn.model_validate(value)
    except ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            path = ".".join(["poll", *(str(part) for part in error["loc"])])
            fields.setdefault(path, []).append(error["msg"])
        raise InvalidInput(_("Check the poll."), fields=fields) from exc


def _write_tags_and_mentions(post: Post, author: Handle) -> list[Handle]:
    tags, mentions = post_text.parse(post.text)
    for name in tags:
        tag, _created = Tag.objects.get_or_create(name=name)
        PostTag.objects.create(post=post, tag=tag)
        Tag.objects.filter(pk=tag.pk).update(post_count=F("post_count") + 1)
    targets = list(handles_named(mentions)) if mentions else []

    targets = [t for t in targets if t.pk != author.pk and not blocked_between(author, t)]
    Mention.objects.bulk_create(
        [Mention(post=post, target=t) for t in targets], ignore_conflicts=True
    )
    return targets


def _untag(post: Post) -> None:
    tag_ids = list(PostTag.objects.filter(post=post).values_list("tag_id", flat=True))
    Tag.objects.filter(pk__in=tag_ids, post_count__gt=0).update(post_count=F("post_count") - 1)
    PostTag.objects.filter(post=post).delete()
    Mention.objects.filter(post=post).delete()


def _count_product_posts(products: Iterable[Product], delta: int) -> None:
    for product in products:
        ProductEngagement.objects.get_or_create(product_id=product.pk)
        ProductEngagement.objects.filter(product_id=product.pk).update(
            post_count=F("post_count") + delta
        )


def post_create(
    *,
    user: User,
    text: str = "",
    product_ids: Iterable[int] = (),
    media_ids: Iterable[int] = (),
    as_shop: str | None = None,
    visibility: str = Post.Visibility.PUBLIC,
    source: str = "api",
    comment_to_buy: CommentToBuy = None,
    poll: PollIn | dict[str, Any] | None = None,
) -> Post:
    """Publishes a post atomically (tags, mentions, product tags, media, its poll, the
    author's own timeline row, mention notifications, the engagement event); followers'
    timelines are filled by a task enqueued on commit. A refused poll refuses the post."""
    author = actor_for_posting(user=user, as_shop=as_shop)
    body = _validate_text(text)
    if visibility not in Post.Visibility.values:
        raise InvalidInput.field("visibility", _("Choose public or followers."))
    products = _products(list(product_ids))
    keyword = _comment_to_buy_keyword(comment_to_buy, author=author, products=products)
    media = _media(user, list(media_ids))
    poll_in = _poll(poll)
    if not body and not media:
        raise InvalidInput.field("text", _("Write something or add a photo."))
    with transaction.atomic():
        post = Post.objects.create(
            author=author,
            created_by=user,
            text=body,
            visibility=visibility,
            comment_to_buy_keyword=keyword,
            has_poll=poll_in is not None,
        )
        if poll_in is not None:
            hooks.post_poll_create(post=post, poll=poll_in, user=user, author=author)
        PostProduct.objects.bulk_create(
            PostProduct(post=post, product=p, position=i) for i, p in enumerate(products)
        )
        PostMedia.objects.bulk_create(
            PostMedia(post=post, media=m, position=i) for i, m in enumerate(media)
        )
        _count_product_posts(products, +1)
        mentioned = _write_tags_and_mentions(post, author)
        key = now_key()
        timeline_insert(owner_ids=[user.pk], post_id=post.pk, sort_key=key)
        for target in mentioned:
            notify(recipients_of=target, kind=Notification.Kind.MENTION, actor=author, post=post)
        event_record(
            kind="post",
            object_type="post",
            object_id=post.pk,
            actor=user,
            shop_id=getattr(getattr(author, "shop", None), "pk", None) if as_shop else None,
            source=source,
        )
        hooks.post_changed(post_id=post.pk)
        transaction.on_commit(lambda: enqueue_fanout(post.pk, author.pk, key))
    return post


def can_edit_post(*, user: Viewer, post: Post) -> bool:
    """Whether the user may edit or delete the post: its author, or any owner or staff of
    the shop that posted it; False for an anonymous user."""
    if user is None or not user.is_authenticated:
        return False
    if post.author.kind == Handle.Kind.PERSON:
        return post.author_id == actor_for_user(user=user).pk
    shop = post.author.shop
    return shop_role(shop=shop, user=user) is not None


def post_update(
    *,
    user: User,
    post: Post,
    text: str | None = None,
    product_ids: Iterable[int] | None = None,
    visibility: str | None = None,
    comment_to_buy: CommentToBuy = None,
) -> Post:
    """Edits text, product tags or visibility; marks the post edited. All or nothing."""
    if not can_edit_post(user=user, post=post):
        raise PermissionDenied(_("Only the author can edit this post."))
    body = _validate_text(text) if text is not None else None
    products = _products(list(product_ids)) if product_ids is not None else None
    if visibility is not None and visibility not in Post.Visibility.values:
        raise InvalidInput.field("visibility", _("Choose public or followers."))
    keyword = post.comment_to_buy_keyword
    if comment_to_buy is not None or (keyword and products is not None):
        wanted = comment_to_buy if comment_to_buy is not None else {"keyword": keyword}
        tagged = products if products is not None else list(post.products.all())
        keyword = _comment_to_buy_keyword(wanted, author=post.author, products=tagged)
    with transaction.atomic():
        post.comment_to_buy_keyword = keyword
        if body is not None and body != post.text:
            _untag(post)
            post.text = body
            _write_tags_and_mentions(post, post.author)
        if products is not None:
            old = list(post.products.all())
            _count_product_posts(old, -1)
            PostProduct.objects.filter(post=post).delete()
            PostProduct.objects.bulk_create(
                PostProduct(post=post, product=p, position=i) for i, p in enumerate(products)
            )
            _count_product_posts(products, +1)
        if visibility is not None:
            post.visibility = visibility
        post.edited_at = timezone.now()
        post.save()
        hooks.post_changed(post_id=post.pk)
    return post


def post_delete(*, user: User, post: Post) -> None:
    """Author only (403 otherwise). Atomic: deletes the post and lowers its tags' and tagged
    products' post counts."""
    if not can_edit_post(user=user, post=post):
        raise PermissionDenied(_("Only the author can delete this post."))
    with transaction.atomic():
        post_id = post.pk
        # Its notifications go with it: lock the counts they are in, recount once they're gone.
        counted = unread_lock(user_ids=unread_recipients(post_ids=[post_id]))
        _untag(post)
        _count_product_posts(list(post.products.all()), -1)
        post.delete()
        unread_recount(user_ids=counted)
        hooks.post_changed(post_id=post_id)


def post_hidden_set(*, post: Post, hidden: bool = True) -> bool:
    """The moderators' flag: hides a post everywhere (detail, feeds, tag lists, profiles,
    community) or shows it again. Returns whether anything changed: one conditional UPDATE, so
    of simultaneous calls only one changes the flag (idempotent)."""
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, is_hidden=not hidden).update(is_hidden=hidden)
        post.is_hidden = hidden
        if changed:
            unread_recount_for(post_ids=[post.pk])  # its notifications vanish or come back
            hooks.post_changed(post_id=post.pk)
    return bool(changed)
