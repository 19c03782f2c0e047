from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agora.core.money import Money
from agora.core.urls_util import reverse_cached

# language code: the field holding a category's name in it (English lives in `name`)
CATEGORY_NAME_FIELDS = {"fr": "name_fr", "de": "name_de"}


def category_name_in_language(name: str, translated: dict[str, str]) -> str:
    """A category's name in the active language from its English `name` and its translated
    fields ({"name_fr": ..., "name_de": ...}): English when it has none in that language."""
    field = CATEGORY_NAME_FIELDS.get((get_language() or "en")[:2])
    return (translated.get(field, "") if field else "") or name


class Category(models.Model):
    """A category tree (Apparel › Kids › Dresses)."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=80)  # in English, and the fallback
    name_fr = models.CharField(_("name in French"), max_length=80, blank=True)
    name_de = models.CharField(_("name in German"), max_length=80, blank=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.path

    @property
    def display_name(self) -> str:
        """The name in the active language (English when it has none in that language)."""
        translated = {field: getattr(self, field) for field in CATEGORY_NAME_FIELDS.values()}
        return category_name_in_language(self.name, translated)

    @property
    def path(self) -> str:
        """ "Apparel › Kids › Dresses" in the active language."""
        names: list[str] = []
        seen: set[int] = set()
        node: Category | None = self
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.display_name)
            node = node.parent
        return " › ".join(reversed(names))


def category_name_lookup(prefix: str = "") -> Coalesce | F:
    """An expression of a category's name in the active language with English as the fallback,
    for `values()` reads (`prefix`: the path to the category, e.g. "category__")."""
    field = CATEGORY_NAME_FIELDS.get((get_language() or "en")[:2])
    if field is None:
        return F(f"{prefix}name")
    return Coalesce(NullIf(F(f"{prefix}{field}"), Value("")), F(f"{prefix}name"))


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class Condition(models.TextChoices):
        NEW = "new", _("New")
        USED = "used", _("Used")
        REFURBISHED = "refurbished", _("Refurbished")

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="products")
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=160, allow_unicode=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    brand = models.CharField(_("brand"), max_length=80, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    condition = models.CharField(
        _("condition"), max_length=12, choices=Condition.choices, default=Condition.NEW
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    price_amount = models.PositiveBigIntegerField(_("price (minor units)"))
    currency = models.CharField(max_length=3)
    options = models.JSONField(default=list, blank=True)  # [{"name": "size", "values": [...]}]
    # The photos and videos that show it, in the seller's order (ProductMedia.position): prefetch
    # with `selectors.media_in_product_order()`; unprefetched, `media.all()` is by id.
    media = models.ManyToManyField(
        "media.MediaAsset", through="ProductMedia", related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The rating of its visible reviews, moved by community's review services with single F()
    # UPDATEs in the review's own transaction (exact under concurrent reviews):
    # `rating_<n>` counts the n-star ones. `reviews_version` grows with any change a review
    # page shows (text, votes, replies): the cached reviews part is keyed on it.
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_1 = models.PositiveIntegerField(default=0)
    rating_2 = models.PositiveIntegerField(default=0)
    rating_3 = models.PositiveIntegerField(default=0)
    rating_4 = models.PositiveIntegerField(default=0)
    rating_5 = models.PositiveIntegerField(default=0)
    reviews_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["shop", "slug"], name="product_slug_unique_per_shop")
        ]
        indexes = [
            models.Index(fields=["shop", "status", "-id"], name="product_shop_status"),
            # Browsing (discovery.selectors.browse): each sort of a shop's or a category's
            # products is one index scan in order, as deep as the cursor goes.
            models.Index(
                fields=["shop", "status", "price_amount", "id"], name="product_shop_price"
            ),
            models.Index(fields=["category", "status", "-id"], name="product_category_status"),
            models.Index(
                fields=["category", "status", "price_amount", "id"], name="product_category_price"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    def get_absolute_url(self) -> str:
        return reverse_cached("catalog:product", self.shop.handle, self.slug)

    @property
    def rating(self) -> dict:
        """`{"average", "count", "distribution": {"1": n, ..., "5": n}}` of its visible
        reviews (average None without any)."""
        return rating_of(
            self.rating_count,
            self.rating_sum,
            (self.rating_1, self.rating_2, self.rating_3, self.rating_4, self.rating_5),
        )


RATING_FIELDS = (
    "rating_count",
    "rating_sum",
    "rating_1",
    "rating_2",
    "rating_3",
    "rating_4",
    "rating_5",
)


def rating_of(count: int, total: int, stars: tuple[int, ...] | list[int]) -> dict:
    """The rating shape of the API and the pages from the stored counters."""
    return {
        "average": round(total / count, 2) if count else None,
        "count": count,
        "distribution": {str(n): stars[n - 1] for n in range(1, 6)},
    }


class ProductMedia(models.Model):
    """A photo or video shown on a product: each asset shows one product at most, at its
    `position` (0 is the main picture). Positions are renumbered 0..n-1 when one moves; after a
    delete they may have gaps. Not unique per product: a move rewrites several rows at once."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="product_media")
    media = models.OneToOneField(
        "media.MediaAsset", on_delete=models.CASCADE, related_name="product_link"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product media")
        verbose_name_plural = _("product media")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["product", "position"], name="product_media_position")]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.media_id}@{self.position}"


class Variant(models.Model):
    """A buyable combination of option values. `stock` is on hand; `reserved` is held."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    sku = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)  # {"size": "M"}
    price_amount = models.PositiveBigIntegerField(null=True, blank=True)
    stock = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "sku"], name="variant_sku_unique_per_shop"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
            models.CheckConstraint(
                condition=Q(reserved__gte=0) & Q(reserved__lte=F("stock")),
                name="variant_reserved_within_stock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku}"

    @property
    def available(self) -> int:
        return max(0, self.stock - self.reserved)

    @property
    def price(self) -> Money:
        amount = self.price_amount if self.price_amount is not None else self.product.price_amount
        return Money(amount, self.product.currency)

    @property
    def label(self) -> str:
        return " / ".join(str(v) for v in self.options.values()) or self.sku


class PersonalizationField(models.Model):
    """E.g. "Name on the label": at most `max_length` of `allowed_characters`, for a surcharge."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="personalization_fields"
    )
    name = models.CharField(max_length=60)
    max_length = models.PositiveSmallIntegerField(default=20)
    allowed_characters = models.CharField(max_length=200, blank=True)
    surcharge_amount = models.PositiveBigIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("personalization field")
        verbose_name_plural = _("personalization fields")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"], name="personalization_field_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def surcharge(self) -> Money:
        return Money(self.surcharge_amount, self.product.currency)
