"""Catalog writes: products with options, variants and personalization fields, and which
media show a product in which order.

Every service validates first and writes in one transaction, so a refused request changes
nothing. Errors name the field by JSON path ("variants.1.sku", "price.amount").
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agora.catalog.models import Category, PersonalizationField, Product, ProductMedia, Variant
from agora.catalog.selectors import category_by_ref, product_media_link, visible_products
from agora.core.errors import Conflict, InvalidInput, PermissionDenied
from agora.media.hooks import MediaHolder
from agora.media.models import MediaAsset
from agora.media.services import media_upload
from agora.shops.services import require_manager

MAX_PRICE = 100_000_000  # one million in a two-decimal currency
MAX_STOCK = 1_000_000
MAX_VARIANTS = 100


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.fields.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields))
            raise InvalidInput(f"Invalid value for {first}.", fields=self.fields)


def _money_amount(errs: _Errors, path: str, money: Any, currency: str) -> int | None:
    if not isinstance(money, dict):
        errs.add(path, _("Give an object with amount (minor units) and currency."))
        return None
    amount, cur = money.get("amount"), money.get("currency")
    if not isinstance(amount, int) or isinstance(amount, bool):
        errs.add(f"{path}.amount", _("Give a whole number of minor units (1999 for 19.99)."))
        return None
    if amount < 0 or amount > MAX_PRICE:
        errs.add(f"{path}.amount", _("Must be between 0 and %(max)s.") % {"max": MAX_PRICE})
        return None
    if cur != currency:
        errs.add(f"{path}.currency", _("The shop sells in %(currency)s.") % {"currency": currency})
        return None
    return amount


def _text(errs: _Errors, path: str, value: Any, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errs.add(path, _("Must be text."))
        return ""
    value = value.strip()
    if required and not value:
        errs.add(path, _("This field is required."))
    if len(value) > max_length:
        errs.add(path, _("At most %(n)s characters.") % {"n": max_length})
    return value


def _choice(errs: _Errors, path: str, value: Any, choices) -> str:
    if value not in choices.values:
        errs.add(path, _("Choose one of: %(values)s.") % {"values": ", ".join(choices.values)})
    return value


def _normalize_options(errs: _Errors, options: Any) -> list[dict] | None:
    if options is None:
        return None
    if not isinstance(options, list):
        errs.add("options", _("Give a list of {name, values}."))
        return []
    result, seen = [], set()
    for i, option in enumerate(options):
        name = option.get("name") if isinstance(option, dict) else None
        values = option.get("values") if isinstance(option, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 40:
            errs.add(f"options.{i}.name", _("Give a name of 1 to 40 characters."))
            continue
        if name.strip().lower() in seen:
            errs.add(f"options.{i}.name", _("Option names must be unique."))
        seen.add(name.strip().lower())
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v.strip() and len(v) <= 60 for v in values)
        ):
            errs.add(f"options.{i}.values", _("Give at least one value of up to 60 characters."))
            continue
        result.append(
            {"name": name.strip(), "values": list(dict.fromkeys(v.strip() for v in values))}
        )
    return result


def _normalize_variants(
    errs: _Errors, variants: Any, *, currency: str, options: list[dict] | None, existing_ids=()
) -> list[dict]:
    if not isinstance(variants, list):
        errs.add("variants", _("Give a list of variants."))
        return []
    if len(variants) > MAX_VARIANTS:
        errs.add("variants", _("At most %(n)s variants.") % {"n": MAX_VARIANTS})
        return []
    result, skus, combos = [], set(), set()
    declared = {o["name"]: set(o["values"]) for o in options} if options is not None else None
    for i, variant in enumerate(variants):
        path = f"variants.{i}"
        if not isinstance(variant, dict):
            errs.add(path, _("Give an object."))
            continue
        vid = variant.get("id")
        if vid is not None and vid not in existing_ids:
            errs.add(f"{path}.id", _("Unknown variant of this product."))
        sku = _text(errs, f"{path}.sku", variant.get("sku"), max_length=64, required=True)
        if sku and sku.lower() in skus:
            errs.add(f"{path}.sku", _("SKUs must be unique."))
        skus.add(sku.lower())
        opts = variant.get("options") or {}
        if not isinstance(opts, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
            for k, v in opts.items()
        ):
            errs.add(f"{path}.options", _("Give option values as {name: value}."))
            opts = {}
        opts = {k.strip(): v.strip() for k, v in opts.items()}
        if declared is not None:
            for k, v in opts.items():
                if k not in declared:
                    errs.add(f"{path}.options.{k}", _("Not one of the product's options."))
                elif v not in declared[k]:
                    errs.add(f"{path}.options.{k}", _("Not one of this option's values."))
        combo = tuple(sorted(opts.items()))
        if combo in combos:
            errs.add(f"{path}.options", _("Two variants have the same option values."))
        combos.add(combo)
        stock = variant.get("stock", 0)
        if not isinstance(stock, int) or isinstance(stock, bool) or not 0 <= stock <= MAX_STOCK:
            errs.add(f"{path}.stock", _("Give a whole number from 0 to %(n)s.") % {"n": MAX_STOCK})
            stock = 0
        price = variant.get("price")
        amount = (
            _money_amount(errs, f"{path}.price", price, currency) if price is not None else None
        )
        result.append(
            {"id": vid, "sku": sku, "options": opts, "stock": stock, "price_amount": amount}
        )
    return result


def _derive_options(variants: list[dict]) -> list[dict]:
    names: dict[str, list[str]] = {}
    for variant in variants:
        for k, v in variant["options"].items():
            values = names.setdefault(k, [])
            if v not in values:
                values.append(v)
    return [{"name": k, "values": v} for k, v in names.items()]


def _normalize_personalization(errs: _Errors, fields: Any, *, currency: str) -> list[dict]:
    if not isinstance(fields, list):
        errs.add("personalization_fields", _("Give a list."))
        return []
    result, names = [], set()
    for i, field in enumerate(fields):
        path = f"personalization_fields.{i}"
        if not isinstance(field, dict):
            errs.add(path, _("Give an object."))
            continue
        name = _text(errs, f"{path}.name", field.get("name"), max_length=60, required=True)
        if name.lower() in names:
            errs.add(f"{path}.name", _("Names must be unique."))
        names.add(name.lower())
        max_length = field.get("max_length", 20)
        if (
            not isinstance(max_length, int)
            or isinstance(max_length, bool)
            or not 1 <= max_length <= 200
        ):
            errs.add(f"{path}.max_length", _("Give a whole number from 1 to 200."))
            max_length = 20
        allowed = field.get("allowed_characters", "") or ""
        if not isinstance(allowed, str) or len(allowed) > 200:
            errs.add(f"{path}.allowed_characters", _("At most 200 characters."))
            allowed = ""
        surcharge = field.get("surcharge")
        amount = 0
        if surcharge is not None:
            amount = _money_amount(errs, f"{path}.surcharge", surcharge, currency) or 0
        result.append(
            {
                "name": name,
                "max_length": max_length,
                "allowed_characters": allowed,
                "surcharge_amount": amount,
            }
        )
    return result


def _unique_slug(shop, title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title, allow_unicode=True)[:140] or "product"
    slug, n = base, 2
    qs = Product.objects.filter(shop=shop)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _category(errs: _Errors, ref: Any) -> Category | None:
    if ref in (None, ""):
        return None
    if isinstance(ref, dict):
        ref = ref.get("id") or ref.get("slug")
    category = category_by_ref(ref) if isinstance(ref, int | str) else None
    if category is None:
        errs.add("category", _("Unknown category."))
    return category


def _sku_conflict(exc: IntegrityError) -> Conflict:
    return Conflict(
        _("A SKU is already used in this shop."),
        code="sku_taken",
        fields={"variants": [_("A SKU is already used in this shop.")]},
    )


def _write_variants(product: Product, variants: list[dict]) -> None:
    keep = [v["id"] for v in variants if v["id"]]
    product.variants.exclude(pk__in=keep).delete()
    existing = {v.pk: v for v in product.variants.all()}
    # Free the SKUs first so swaps between variants don't trip the unique index.
    for pk in keep:
        Variant.objects.filter(pk=pk).update(sku=f"__tmp__{pk}")
    for position, data in enumerate(variants):
        fields = {
            "sku": data["sku"],
            "options": data["options"],
            "stock": data["stock"],
            "price_amount": data["price_amount"],
            "position": position,
        }
        if data["id"]:
            variant = existing[data["id"]]
            if data["stock"] < variant.reserved:
                raise Conflict(
                    _("Stock cannot go below what is reserved."),
                    code="stock_below_reserved",
                    fields={f"variants.{position}.stock": [_("Below reserved units.")]},
                )
            Variant.objects.filter(pk=variant.pk).update(**fields)
        else:
            Variant.objects.create(product=product, shop=product.shop, **fields)


def _write_personalization(product: Product, fields: list[dict]) -> None:
    product.personalization_fields.all().delete()
    PersonalizationField.objects.bulk_create(
        PersonalizationField(product=product, position=i, **f) for i, f in enumerate(fields)
    )


def product_create(*, actor, shop, data: dict) -> Product:
    """Creates a product with its variants and personalization fields atomically. With no
    variants given, one default variant (stock 0) is made so the product can be bought."""
    require_manager(actor=actor, shop=shop)
    errs = _Errors()
    title = _text(errs, "title", data.get("title"), max_length=150, required=True)
    description = _text(errs, "description", data.get("description"), max_length=10000)
    brand = _text(errs, "brand", data.get("brand"), max_length=80)
    condition = _choice(errs, "condition", data.get("condition") or "new", Product.Condition)
    status = _choice(errs, "status", data.get("status") or "active", Product.Status)
    if "price" not in data or data.get("price") is None:
        errs.add("price", _("This field is required."))
        amount = None
    else:
        amount = _money_amount(errs, "price", data["price"], shop.currency)
    options = _normalize_options(errs, data.get("options"))
    variants = _normalize_variants(
        errs, data.get("variants") or [], currency=shop.currency, options=options
    )
    for v in variants:
        if v["id"]:
            errs.add("variants", _("New products take variants without ids."))
            break
    personalization = _normalize_personalization(
        errs, data.get("personalization_fields") or [], currency=shop.currency
    )
    category = _category(errs, data.get("category"))
    errs.raise_if_any()
    if options is None:
        options = _derive_options(variants)
    try:
        with transaction.atomic():
            product = Product.objects.create(
                shop=shop,
                title=title,
                slug=_unique_slug(shop, title),
                description=description,
                brand=brand,
                category=category,
                condition=condition,
                status=status,
                price_amount=amount,
                currency=shop.currency,
                options=options,
            )
            if not variants:
                variants = [
                    {
                        "id": None,
                        "sku": f"{product.slug[:50]}-{product.pk}",
                        "options": {},
                        "stock": 0,
                        "price_amount": None,
                    }
                ]
            _write_variants(product, variants)
            _write_personalization(product, personalization)
    except IntegrityError as exc:
        raise _sku_conflict(exc) from exc
    return product


def product_update(*, actor, product: Product, data: dict) -> Product:
    """Partial update; `variants` and `personalization_fields`, when given, replace the lists
    (variants keep their identity by `id`). All or nothing."""
    shop = product.shop
    require_manager(actor=actor, shop=shop)
    errs = _Errors()
    changes: dict[str, Any] = {}
    if "title" in data:
        changes["title"] = _text(errs, "title", data["title"], max_length=150, required=True)
    if "description" in data:
        changes["description"] = _text(errs, "description", data["description"], max_length=10000)
    if "brand" in data:
        changes["brand"] = _text(errs, "brand", data["brand"], max_length=80)
    if "condition" in data:
        changes["condition"] = _choice(errs, "condition", data["condition"], Product.Condition)
    if "status" in data:
        changes["status"] = _choice(errs, "status", data["status"], Product.Status)
    if "price" in data:
        changes["price_amount"] = _money_amount(errs, "price", data["price"], shop.currency)
    if "category" in data:
        changes["category"] = _category(errs, data["category"])
    options = _normalize_options(errs, data.get("options")) if "options" in data else None
    variants = None
    if "variants" in data:
        declared = (
            options if options is not None else (product.options if "options" in data else None)
        )
        variants = _normalize_variants(
            errs,
            data["variants"] or [],
            currency=shop.currency,
            options=declared,
            existing_ids={v.pk for v in product.variants.all()},
        )
        if not variants:
            errs.add("variants", _("A product needs at least one variant."))
    personalization = None
    if "personalization_fields" in data:
        personalization = _normalize_personalization(
            errs, data["personalization_fields"] or [], currency=shop.currency
        )
    errs.raise_if_any()
    if options is not None:
        changes["options"] = options
    elif variants is not None:
        changes["options"] = _derive_options(variants)
    try:
        with transaction.atomic():
            for key, value in changes.items():
                setattr(product, key, value)
            if "title" in changes:
                product.slug = _unique_slug(shop, product.title, exclude_pk=product.pk)
            product.save()
            if variants is not None:
                _write_variants(product, variants)
            if personalization is not None:
                _write_personalization(product, personalization)
    except IntegrityError as exc:
        raise _sku_conflict(exc) from exc
    return product


def product_archive(*, actor, product: Product) -> Product:
    """DELETE archives: orders and posts keep pointing at the product."""
    require_manager(actor=actor, shop=product.shop)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)
    product.status = Product.Status.ARCHIVED
    return product


def category_create(*, actor, name: str, parent: Category | None = None) -> Category:
    """Moderators only (403 otherwise): a new category with a unique slug derived from its
    name (suffixed -2, -3, … on collision)."""
    if not (actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Only moderators can edit categories."))
    base = slugify(name)[:100] or "category"
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Category.objects.create(name=name.strip(), parent=parent, slug=slug)


# --- a product's photos and videos ----------------------------------------------------------
def product_media_add(
    *, actor, product: Product, file, angle: str = "other", alt: str = ""
) -> MediaAsset:
    """Uploads a photo or video for the product through the media pipeline (`media_upload`)
    and puts it last. Only the shop's owner and staff may (403 before the file is read); the
    asset and its place are written in one transaction, so a refused upload leaves no row, no
    place and no file."""
    require_manager(actor=actor, shop=product.shop)

    def attach(media: MediaAsset) -> None:
        last = ProductMedia.objects.filter(product=product).aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
        ProductMedia.objects.create(product=product, media=media, position=position)

    return media_upload(uploader=actor, file=file, angle=angle, alt=alt, attach=attach)


def _product_media_move(link: ProductMedia, position: int) -> None:
    """Puts `link` at `position` (past the end: last) and renumbers the product's media 0..n-1
    in their order; the caller holds the transaction."""
    siblings = list(
        ProductMedia.objects.filter(product_id=link.product_id)
        .exclude(pk=link.pk)
        .order_by("position", "media_id")
    )
    siblings.insert(min(position, len(siblings)), link)
    changed = []
    for index, item in enumerate(siblings):
        if item.position != index or item.pk == link.pk:
            item.position = index
            changed.append(item)
    ProductMedia.objects.bulk_update(changed, ["position"])


def product_media_holder(*, media) -> MediaHolder | None:
    """Catalog's answer to media's `media_holder` hook (registered in `catalog/apps.py`): a
    product's photo or video is seen by whoever may see the product, changed and deleted by
    the shop's owner and staff only, and placed among the product's media. None for media that
    show no product."""
    link = product_media_link(media)
    if link is None:
        return None
    product = link.product
    return MediaHolder(
        visible_to=lambda viewer: visible_products(viewer).filter(pk=product.pk).exists(),
        require_editor=lambda actor: require_manager(actor=actor, shop=product.shop),
        place=lambda position: _product_media_move(link, position),
    )
