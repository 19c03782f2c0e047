"""Products with options, variants and personalization fields, and categories.

Every service validates first and writes in one transaction, so a refused request changes
nothing. Errors name the field by JSON path ("variants.1.sku", "price.amount").
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agora.catalog import hooks
from agora.catalog.models import Category, PersonalizationField, Product, Variant
from agora.catalog.schemas import (
    MoneySchema,
    OptionIn,
    PersonalizationFieldIn,
    ProductChanges,
    ProductDraft,
    VariantIn,
)
from agora.catalog.selectors import category_by_ref
from agora.catalog.services.media import media_links_follow
from agora.core.errors import Conflict, FieldErrors, PermissionDenied
from agora.shops.models import Shop
from agora.shops.services import require_manager

if TYPE_CHECKING:
    from agora.accounts.models import User

MAX_PRICE = 100_000_000  # one million in a two-decimal currency
MAX_STOCK = 1_000_000
MAX_VARIANTS = 100


def _money_amount(errs: FieldErrors, path: str, money: MoneySchema, currency: str) -> int | None:
    if money.amount > MAX_PRICE:
        errs.add(f"{path}.amount", _("Must be between 0 and %(max)s.") % {"max": MAX_PRICE})
        return None
    if money.currency != currency:
        errs.add(f"{path}.currency", _("The shop sells in %(currency)s.") % {"currency": currency})
        return None
    return money.amount


def _text(
    errs: FieldErrors, path: str, value: str, *, max_length: int, required: bool = False
) -> str:
    value = value.strip()
    if required and not value:
        errs.add(path, _("This field is required."))
    if len(value) > max_length:
        errs.add(path, _("At most %(n)s characters.") % {"n": max_length})
    return value


def _choice(errs: FieldErrors, path: str, value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        errs.add(path, _("Choose one of: %(values)s.") % {"values": ", ".join(choices.values)})
    return value


def _normalize_options(errs: FieldErrors, options: list[OptionIn]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, option in enumerate(options):
        name = option.name.strip()
        if not name or len(option.name) > 40:
            errs.add(f"options.{i}.name", _("Give a name of 1 to 40 characters."))
            continue
        if name.lower() in seen:
            errs.add(f"options.{i}.name", _("Option names must be unique."))
        seen.add(name.lower())
        values = option.values
        if not values or not all(v.strip() and len(v) <= 60 for v in values):
            errs.add(f"options.{i}.values", _("Give at least one value of up to 60 characters."))
            continue
        result.append({"name": name, "values": list(dict.fromkeys(v.strip() for v in values))})
    return result


def _normalize_variants(
    errs: FieldErrors,
    variants: list[VariantIn],
    *,
    currency: str,
    options: list[dict[str, Any]] | None,
    existing_ids: Collection[int] = (),
) -> list[dict[str, Any]]:
    if len(variants) > MAX_VARIANTS:
        errs.add("variants", _("At most %(n)s variants.") % {"n": MAX_VARIANTS})
        return []
    result: list[dict[str, Any]] = []
    skus: set[str] = set()
    combos: set[tuple[tuple[str, str], ...]] = set()
    declared = {o["name"]: set(o["values"]) for o in options} if options is not None else None
    for i, variant in enumerate(variants):
        path = f"variants.{i}"
        vid = variant.id
        if vid is not None and vid not in existing_ids:
            errs.add(f"{path}.id", _("Unknown variant of this product."))
        sku = _text(errs, f"{path}.sku", variant.sku, max_length=64, required=True)
        if sku and sku.lower() in skus:
            errs.add(f"{path}.sku", _("SKUs must be unique."))
        skus.add(sku.lower())
        opts = variant.options
        if not all(k.strip() and v.strip() for k, v in opts.items()):
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
        stock = variant.stock
        if stock > MAX_STOCK:
            errs.add(f"{path}.stock", _("Give a whole number from 0 to %(n)s.") % {"n": MAX_STOCK})
            stock = 0
        amount = (
            _money_amount(errs, f"{path}.price", variant.price, currency)
            if variant.price is not None
            else None
        )
        result.append(
            {"id": vid, "sku": sku, "options": opts, "stock": stock, "price_amount": amount}
        )
    return result


def _derive_options(variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names: dict[str, list[str]] = {}
    for variant in variants:
        for k, v in variant["options"].items():
            values = names.setdefault(k, [])
            if v not in values:
                values.append(v)
    return [{"name": k, "values": v} for k, v in names.items()]


def _normalize_personalization(
    errs: FieldErrors, fields: list[PersonalizationFieldIn], *, currency: str
) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, field in enumerate(fields):
        path = f"personalization_fields.{i}"
        name = _text(errs, f"{path}.name", field.name, max_length=60, required=True)
        if name.lower() in names:
            errs.add(f"{path}.name", _("Names must be unique."))
        names.add(name.lower())
        max_length = field.max_length
        if not 1 <= max_length <= 200:
            errs.add(f"{path}.max_length", _("Give a whole number from 1 to 200."))
            max_length = 20
        allowed = field.allowed_characters
        if len(allowed) > 200:
            errs.add(f"{path}.allowed_characters", _("At most 200 characters."))
            allowed = ""
        amount = 0
        if field.surcharge is not None:
            amount = _money_amount(errs, f"{path}.surcharge", field.surcharge, currency) or 0
        result.append(
            {
                "name": name,
                "max_length": max_length,
                "allowed_characters": allowed,
                "surcharge_amount": amount,
            }
        )
    return result


def _unique_slug(shop: Shop, title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title, allow_unicode=True)[:140] or "product"
    slug, n = base, 2
    qs = Product.objects.filter(shop=shop)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _category(errs: FieldErrors, ref: int | str | None) -> Category | None:
    if ref in (None, ""):
        return None
    category = category_by_ref(ref)
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


def product_create(*, actor: User, shop: Shop, draft: ProductDraft) -> Product:
    """Creates a product with its variants and personalization fields atomically. With no
    variants given, one default variant (stock 0) is made so the product can be bought."""
    require_manager(actor=actor, shop=shop)
    errs = FieldErrors()
    title = _text(errs, "title", draft.title, max_length=150, required=True)
    description = _text(errs, "description", draft.description, max_length=10000)
    brand = _text(errs, "brand", draft.brand, max_length=80)
    condition = _choice(errs, "condition", draft.condition or "new", Product.Condition)
    status = _choice(errs, "status", draft.status or "active", Product.Status)
    amount = _money_amount(errs, "price", draft.price, shop.currency)
    options = _normalize_options(errs, draft.options) if draft.options is not None else None
    variants = _normalize_variants(errs, draft.variants, currency=shop.currency, options=options)
    for v in variants:
        if v["id"]:
            errs.add("variants", _("New products take variants without ids."))
            break
    personalization = _normalize_personalization(
        errs, draft.personalization_fields, currency=shop.currency
    )
    category = _category(errs, draft.category)
    errs.raise_if_any()
    assert amount is not None  # without a price, `errs` has said so
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
            hooks.product_changed(product=product)
    except IntegrityError as exc:
        raise _sku_conflict(exc) from exc
    return product


def _field_updates(errs: FieldErrors, changes: ProductChanges, *, currency: str) -> dict[str, Any]:
    """The product's own columns `changes` sets, checked."""
    given = changes.model_fields_set
    updates: dict[str, Any] = {}
    if "title" in given:
        updates["title"] = _text(errs, "title", changes.title or "", max_length=150, required=True)
    if "description" in given:
        updates["description"] = _text(
            errs, "description", changes.description or "", max_length=10000
        )
    if "brand" in given:
        updates["brand"] = _text(errs, "brand", changes.brand or "", max_length=80)
    if "condition" in given:
        updates["condition"] = _choice(
            errs, "condition", changes.condition or "", Product.Condition
        )
    if "status" in given:
        updates["status"] = _choice(errs, "status", changes.status or "", Product.Status)
    if "price" in given:
        if changes.price is None:
            errs.add("price", _("This field is required."))
        else:
            updates["price_amount"] = _money_amount(errs, "price", changes.price, currency)
    if "category" in given:
        updates["category"] = _category(errs, changes.category)
    return updates


def product_update(*, actor: User, product: Product, changes: ProductChanges) -> Product:
    """Partial update of the fields `changes` sets; `variants` and `personalization_fields`,
    when given, replace the lists (variants keep their identity by `id`). All or nothing.
    A field given as null is refused where the product can't be without it. When the status
    becomes active, `hooks.product_went_on_sale` runs in the same transaction."""
    shop = product.shop
    require_manager(actor=actor, shop=shop)
    was_on_sale = product.status == Product.Status.ACTIVE
    old_options = product.options
    given = changes.model_fields_set
    errs = FieldErrors()
    updates = _field_updates(errs, changes, currency=shop.currency)
    options = _normalize_options(errs, changes.options) if changes.options is not None else None
    variants = None
    if "variants" in given:
        # `"options": null` beside new variants checks them against the current options.
        declared = options
        if declared is None and "options" in given:
            declared = product.options
        variants = _normalize_variants(
            errs,
            changes.variants or [],
            currency=shop.currency,
            options=declared,
            existing_ids={v.pk for v in product.variants.all()},
        )
        if not variants:
            errs.add("variants", _("A product needs at least one variant."))
    personalization = None
    if "personalization_fields" in given:
        personalization = _normalize_personalization(
            errs, changes.personalization_fields or [], currency=shop.currency
        )
    errs.raise_if_any()
    if options is not None:
        updates["options"] = options
    elif variants is not None:
        updates["options"] = _derive_options(variants)
    try:
        with transaction.atomic():
            for key, value in updates.items():
                setattr(product, key, value)
            if "title" in updates:
                product.slug = _unique_slug(shop, product.title, exclude_pk=product.pk)
            product.save()
            if variants is not None:
                _write_variants(product, variants)
            if "options" in updates and updates["options"] != old_options:
                media_links_follow(product, old_options)
            if personalization is not None:
                _write_personalization(product, personalization)
            if not was_on_sale and product.status == Product.Status.ACTIVE:
                hooks.product_went_on_sale(product=product)
            hooks.product_changed(product=product)
    except IntegrityError as exc:
        raise _sku_conflict(exc) from exc
    return product


def product_archive(*, actor: User, product: Product) -> Product:
    """DELETE archives: orders and posts keep pointing at the product."""
    require_manager(actor=actor, shop=product.shop)
    with transaction.atomic():
        Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)
        product.status = Product.Status.ARCHIVED
        hooks.product_changed(product=product)
    return product


def category_create(
    *,
    actor: User,
    name: str,
    parent: Category | None = None,
    name_fr: str = "",
    name_de: str = "",
) -> Category:
    """Moderators only (403 otherwise): a new category with a unique slug derived from its
    (English) name (suffixed -2, -3, … on collision), and its French and German names."""
    if not (actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Only moderators can edit categories."))
    base = slugify(name)[:100] or "category"
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Category.objects.create(
        name=name.strip(),
        name_fr=name_fr.strip()[:80],
        name_de=name_de.strip()[:80],
        parent=parent,
        slug=slug,
    )
