"""Submitting dashboard forms the way a browser would: every input with its current value."""

from __future__ import annotations

from django import forms


def _inputs(form: forms.Form, data: dict) -> None:
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = "" if value is None else str(value)


def formset_data(formset) -> dict:
    data = {}
    _inputs(formset.management_form, data)
    for form in formset.forms:
        _inputs(form, data)
    return data


def product_form_data(response) -> dict:
    """What the product page would post if nothing was changed."""
    editor = response.context["editor"]
    data: dict = {}
    _inputs(editor.form, data)
    data.update(formset_data(editor.variants))
    data.update(formset_data(editor.personalization))
    return data


def new_product_data(**fields) -> dict:
    """A new-product form filled in: product fields, then `variants` and `personalization`
    lists of row dicts (sku, values, stock, price / name, max_length, allowed, surcharge)."""
    variants = fields.pop("variants", [])
    personalization = fields.pop("personalization", [])
    options = fields.pop("options", [])
    data = {
        "title": "Linen shirt",
        "description": "Soft and breathable.",
        "brand": "Atelier",
        "category": "",
        "condition": "new",
        "status": "active",
        "price": "49.00",
        "variants-TOTAL_FORMS": str(max(len(variants), 3)),
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "100",
        "personalization-TOTAL_FORMS": str(max(len(personalization), 2)),
        "personalization-INITIAL_FORMS": "0",
        "personalization-MIN_NUM_FORMS": "0",
        "personalization-MAX_NUM_FORMS": "20",
    }
    for col, name in enumerate(options):
        data[f"option_{col}"] = name
    for i, row in enumerate(variants):
        data[f"variants-{i}-sku"] = row.get("sku", "")
        data[f"variants-{i}-stock"] = str(row.get("stock", ""))
        data[f"variants-{i}-price"] = row.get("price", "")
        for col, value in enumerate(row.get("values", [])):
            data[f"variants-{i}-value_{col}"] = value
    for i, row in enumerate(personalization):
        data[f"personalization-{i}-name"] = row.get("name", "")
        data[f"personalization-{i}-max_length"] = str(row.get("max_length", 20))
        data[f"personalization-{i}-allowed_characters"] = row.get("allowed", "")
        data[f"personalization-{i}-surcharge"] = row.get("surcharge", "")
    data.update(fields)
    return data
