"""Search writes: keeping `SearchDocument` rows in step with what they describe.

Called from the lower apps' hooks (see `hook_handlers`), inside the transaction that saved the
object, so a product, post, shop or profile is searchable as soon as its save returns and a
rolled-back save leaves no row behind. Only public things get a row: active products of active
shops, public posts not hidden by moderators, active shops and people, hashtags in use; anything
else has its row removed. The engines' own index (PostgreSQL's `tsv`, SQLite's FTS5 tables)
follows the rows through triggers (`models.search`). `search_index_rebuild` rebuilds every row
for existing data (`manage.py rebuild_search_index`, the demo).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from agora.accounts.models import Handle, User
from agora.catalog.models import Product
from agora.discovery.models import SearchDocument
from agora.discovery.models.search import ALL_LANGUAGES, LANGUAGES
from agora.discovery.selectors.search import document_stems, fold
from agora.shops.models import Shop
from agora.social.models import Post, Tag

TITLE_LENGTH = 300
BODY_LENGTH = 10_000


@dataclass(frozen=True)
class Entry:
    """What one row says about one object."""

    kind: str
    object_id: int
    language: str
    title: str
    body: str = ""
    shop_id: int | None = None

    def document(self) -> SearchDocument:
        language = self.language if self.language in (*LANGUAGES, ALL_LANGUAGES) else "en"
        title = " ".join(self.title.split())[:TITLE_LENGTH]
        body = self.body[:BODY_LENGTH]
        return SearchDocument(
            kind=self.kind,
            object_id=self.object_id,
            language=language,
            title=title,
            body=body,
            folded_title=fold(title)[:TITLE_LENGTH],
            title_stems=document_stems(title, language),
            body_stems=document_stems(body, language),
            shop_id=self.shop_id,
        )


def _put(entry: Entry) -> None:
    doc = entry.document()
    SearchDocument.objects.update_or_create(
        kind=doc.kind,
        object_id=doc.object_id,
        defaults={
            "language": doc.language,
            "title": doc.title,
            "body": doc.body,
            "folded_title": doc.folded_title,
            "title_stems": doc.title_stems,
            "body_stems": doc.body_stems,
            "shop_id": doc.shop_id,
        },
    )


def _remove(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


# --- what each kind says ----------------------------------------------------------------------
def _product_entry(product: Product) -> Entry | None:
    shop = product.shop
    if product.status != Product.Status.ACTIVE or not shop.is_active:
        return None
    # The category's names in every language, so "robe" finds the Dresses too.
    found = product.category if product.category_id else None
    category = (
        " ".join(dict.fromkeys(n for n in (found.name, found.name_fr, found.name_de) if n))
        if found
        else ""
    )
    return Entry(
        kind="products",
        object_id=product.pk,
        language=shop.language,
        title=product.title,
        body=" ".join(part for part in (product.brand, category, product.description) if part),
        shop_id=shop.pk,
    )


def _shop_entry(shop: Shop) -> Entry | None:
    if not shop.is_active:
        return None
    return Entry(
        kind="shops",
        object_id=shop.pk,
        language=shop.language,
        title=f"{shop.name} {shop.handle}",
        body=shop.description,
        shop_id=shop.pk,
    )


def _person_entry(user: User) -> Entry | None:
    if not user.is_active:
        return None
    return Entry(
        kind="people",
        object_id=user.pk,
        language=user.language or "en",
        title=f"{user.display_name} {user.username}",
        body=user.bio,
    )


def _post_language(post: Post) -> str:
    author = post.author
    if author.kind == Handle.Kind.SHOP:
        shop = getattr(author, "shop", None)
        return shop.language if shop is not None else "en"
    user = getattr(author, "user", None)
    return (user.language if user is not None else "") or "en"


def _post_entry(post: Post) -> Entry | None:
    if post.is_hidden or post.visibility != Post.Visibility.PUBLIC or not post.text:
        return None
    shop = getattr(post.author, "shop", None) if post.author.kind == Handle.Kind.SHOP else None
    return Entry(
        kind="posts",
        object_id=post.pk,
        language=_post_language(post),
        title=post.text[:TITLE_LENGTH],
        body=post.text[TITLE_LENGTH:],
        shop_id=shop.pk if shop is not None else None,
    )


def _tag_entry(tag: Tag) -> Entry:
    return Entry(kind="tags", object_id=tag.pk, language=ALL_LANGUAGES, title=tag.name)


# --- the services the hooks call --------------------------------------------------------------
def search_index_product(*, product: Product) -> None:
    """Indexes the product if it is on sale in an active shop, else removes its row. Runs in
    the caller's transaction (catalog's `product_changed`)."""
    entry = _product_entry(product)
    if entry is None:
        _remove("products", product.pk)
    else:
        _put(entry)


def search_index_shop(*, shop: Shop) -> None:
    """Indexes the shop (name, handle, description in its language) or removes its row when
    it is inactive. Runs in the caller's transaction."""
    entry = _shop_entry(shop)
    if entry is None:
        _remove("shops", shop.pk)
    else:
        _put(entry)


def search_index_person(*, user: User) -> None:
    """Indexes the person (display name, handle, bio in their interface language) or removes
    their row when the account is inactive. Runs in the caller's transaction."""
    entry = _person_entry(user)
    if entry is None:
        _remove("people", user.pk)
    else:
        _put(entry)


def search_index_post(*, post_id: int) -> None:
    """Indexes the post with this id if it is public, has text and is not hidden (in its
    author's language: a shop's content language, a person's interface language), and its
    hashtags; removes its row when it is gone or no longer public. Runs in the caller's
    transaction (social's `post_changed`)."""
    post = (
        Post.objects.select_related("author", "author__shop", "author__user")
        .filter(pk=post_id)
        .first()
    )
    entry = _post_entry(post) if post is not None else None
    if entry is None:
        _remove("posts", post_id)
    else:
        _put(entry)
    if post is not None:
        for tag in Tag.objects.filter(post_tags__post=post):
            _put(_tag_entry(tag))


# --- everything at once -----------------------------------------------------------------------
def _entries() -> Iterator[Entry]:
    products = Product.objects.filter(status=Product.Status.ACTIVE, shop__is_active=True)
    for product in products.select_related("shop", "category").iterator(chunk_size=500):
        if (entry := _product_entry(product)) is not None:
            yield entry
    for shop in Shop.objects.filter(is_active=True).iterator(chunk_size=500):
        if (entry := _shop_entry(shop)) is not None:
            yield entry
    for user in User.objects.filter(is_active=True).iterator(chunk_size=500):
        if (entry := _person_entry(user)) is not None:
            yield entry
    posts = Post.objects.filter(is_hidden=False, visibility=Post.Visibility.PUBLIC).exclude(text="")
    for post in posts.select_related("author", "author__shop", "author__user").iterator(
        chunk_size=500
    ):
        if (entry := _post_entry(post)) is not None:
            yield entry
    for tag in Tag.objects.filter(post_count__gt=0).iterator(chunk_size=500):
        yield _tag_entry(tag)


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def search_index_rebuild() -> tuple[int, int]:
    """Rebuilds every row from the current data in one transaction: rows that describe
    nothing public any more go, the others are written anew (idempotent: a second run changes
    nothing a search sees). Returns (rows added, rows that were already there)."""
    with transaction.atomic():
        before = set(SearchDocument.objects.values_list("kind", "object_id"))
        SearchDocument.objects.all().delete()
        added = kept = 0
        for chunk in _chunks(_entries(), 500):
            SearchDocument.objects.bulk_create([entry.document() for entry in chunk])
            for entry in chunk:
                if (entry.kind, entry.object_id) in before:
                    kept += 1
                else:
                    added += 1
    return added, kept
