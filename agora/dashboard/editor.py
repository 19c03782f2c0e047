"""The product editor: the product form, its variants table and its personalization rows,
turned into the catalog services' product body, with their errors put back on the inputs.

The service errors name inputs by JSON path ("variants.2.sku", "price.amount"); the editor
remembers which table row each list entry came from, so blank and removed rows are skipped
without shifting the messages onto the wrong row.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from agora.core.errors import DomainError
from agora.dashboard.forms import (
    MIN_OPTION_COLUMNS,
    PersonalizationFormSet,
    ProductForm,
    VariantFormSet,
    to_decimal,
    to_money,
)

_PRODUCT_FIELDS = ("title", "description", "brand", "category", "condition", "status", "price")


class ProductEditor:
    def __init__(self, *, shop, product=None, data=None):
        self.shop = shop
        self.product = product
        currency = shop.currency
        options = list(product.options or []) if product is not None else []
        self.option_count = max(MIN_OPTION_COLUMNS, len(options))
        initial, variants, fields = self._initial(product, options)
        self.form = ProductForm(
            data, initial=initial, currency=currency, option_count=self.option_count
        )
        self.variants = VariantFormSet(
            data,
            initial=variants,
            prefix="variants",
            form_kwargs={"currency": currency, "option_count": self.option_count},
        )
        self.personalization = PersonalizationFormSet(
            data, initial=fields, prefix="personalization", form_kwargs={"currency": currency}
        )
        # Errors about a whole list ("variants": "A product needs at least one variant.").
        self.variant_errors: list[str] = []
        self.personalization_errors: list[str] = []
        self._variant_rows: list[int] = []
        self._personalization_rows: list[int] = []
        self._option_columns: dict[str, int] = {}
        self._option_order: list[int] = []

    def _initial(self, product, options) -> tuple[dict, list[dict], list[dict]]:
        if product is None:
            return {"status": "active", "condition": "new"}, [], []
        currency = product.currency
        names = [o["name"] for o in options]
        initial = {
            "title": product.title,
            "description": product.description,
            "brand": product.brand,
            "category": product.category_id,
            "condition": product.condition,
            "status": product.status,
            "price": to_decimal(product.price_amount, currency),
            **{f"option_{col}": name for col, name in enumerate(names)},
        }
        variants = [
            {
                "id": v.pk,
                "sku": v.sku,
                "stock": v.stock,
                "reserved": v.reserved,
                "price": to_decimal(v.price_amount, currency),
                **{f"value_{col}": v.options.get(name, "") for col, name in enumerate(names)},
            }
            for v in product.variants.all()
        ]
        fields = [
            {
                "name": f.name,
                "max_length": f.max_length,
                "allowed_characters": f.allowed_characters,
                "surcharge": to_decimal(f.surcharge_amount, currency) or None,
            }
            for f in product.personalization_fields.all()
        ]
        return initial, variants, fields

    # --- reading the forms --------------------------------------------------------------
    def is_valid(self) -> bool:
        valid = all(
            [self.form.is_valid(), self.variants.is_valid(), self.personalization.is_valid()]
        )
        if not valid:
            return False
        self._data = self._build()
        return not self.has_errors()

    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or any(f.errors for f in self.variants.forms)
            or any(f.errors for f in self.personalization.forms)
            or self.variant_errors
            or self.personalization_errors
        )

    def payload(self) -> dict:
        """The body product_create / product_update take, as the JSON API would send it."""
        return self._data

    def _build(self) -> dict:
        currency = self.shop.currency
        cleaned = self.form.cleaned_data
        names = {}
        for col in range(self.option_count):
            name = cleaned.get(f"option_{col}", "").strip()
            if name:
                names[col] = name
        self._option_columns = {name: col for col, name in names.items()}
        variants: list[dict] = []
        values_by_col: dict[int, list[str]] = {col: [] for col in names}
        for row, form in enumerate(self.variants.forms):
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or form.is_blank():
                continue
            data = form.cleaned_data
            options = {}
            for col in range(self.option_count):
                value = data.get(f"value_{col}", "").strip()
                if not value:
                    continue
                if col not in names:
                    form.add_error(f"value_{col}", _("Name this option in the header first."))
                    continue
                options[names[col]] = value
                if value not in values_by_col[col]:
                    values_by_col[col].append(value)
            variant = {"sku": data["sku"], "options": options, "stock": data.get("stock") or 0}
            if data.get("id"):
                variant["id"] = data["id"]
            if data.get("price") is not None:
                variant["price"] = to_money(data["price"], currency)
            variants.append(variant)
            self._variant_rows.append(row)
        # An option no variant has a value for means nothing to a buyer: it is left out.
        self._option_order = [col for col in names if values_by_col[col]]
        fields = []
        for row, field_form in enumerate(self.personalization.forms):
            if (
                not field_form.cleaned_data
                or field_form.cleaned_data.get("DELETE")
                or field_form.is_blank()
            ):
                continue
            data = field_form.cleaned_data
            fields.append(
                {
                    "name": data["name"],
                    "max_length": data.get("max_length") or 20,
                    "allowed_characters": data.get("allowed_characters") or "",
                    "surcharge": to_money(data.get("surcharge"), currency),
                }
            )
            self._personalization_rows.append(row)
        category = cleaned.get("category")
        return {
            "title": cleaned["title"],
            "description": cleaned.get("description", ""),
            "brand": cleaned.get("brand", ""),
            "category": category.pk if category else None,
            "condition": cleaned["condition"],
            "status": cleaned["status"],
            "price": to_money(cleaned["price"], currency),
            "options": [
                {"name": names[col], "values": values_by_col[col]} for col in self._option_order
            ],
            "variants": variants,
            "personalization_fields": fields,
        }

    # --- service errors back onto the inputs --------------------------------------------
    def add_service_errors(self, exc: DomainError) -> None:
        if not exc.fields:
            self.form.add_error(None, exc.message)
            return
        for path, messages in exc.fields.items():
            for message in messages if isinstance(messages, list) else [messages]:
                self._place(path.split("."), message)

    def _place(self, parts: list[str], message: str) -> None:
        head = parts[0]
        if head in _PRODUCT_FIELDS:
            self.form.add_error(head, message)
        elif head == "options" and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self._option_order):
                self.form.add_error(f"option_{self._option_order[index]}", message)
            else:
                self.variant_errors.append(message)
        elif head == "variants":
            self._place_row(parts, message, self.variants, self._variant_rows, self._variant)
        elif head == "personalization_fields":
            self._place_row(
                parts, message, self.personalization, self._personalization_rows, self._field
            )
        else:
            self.form.add_error(None, message)

    def _place_row(self, parts, message, formset, rows, field_for) -> None:
        on_list = self.variant_errors if formset is self.variants else self.personalization_errors
        if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) >= len(rows):
            on_list.append(message)
            return
        form = formset.forms[rows[int(parts[1])]]
        form.add_error(field_for(parts[2:]), message)

    def _variant(self, rest: list[str]) -> str | None:
        if not rest:
            return None
        if rest[0] in {"sku", "stock", "price"}:
            return rest[0]
        if rest[0] == "options" and len(rest) > 1 and rest[1] in self._option_columns:
            return f"value_{self._option_columns[rest[1]]}"
        return None

    @staticmethod
    def _field(rest: list[str]) -> str | None:
        if rest and rest[0] in {"name", "max_length", "allowed_characters", "surcharge"}:
            return rest[0]
        return None

    # --- for the template ---------------------------------------------------------------
    def option_headers(self):
        return self.form.option_fields()
