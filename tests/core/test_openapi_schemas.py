"""The published OpenAPI document describes what the API answers (issue 11, item 8), and every
input the API reads goes through core's Schema with bounded integers (items 4 and 5)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, get_args

import pytest
from annotated_types import Le, Lt
from pydantic import BaseModel

from agora.api import api
from tests.commerce.conftest import add, checkout, checkout_body
from tests.factories import ProductFactory, ShopFactory, UserFactory


def _types(annotation):
    yield annotation
    for arg in get_args(annotation):
        yield from _types(arg)


def _reachable(model: type[BaseModel], seen: set) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for t in _types(field.annotation):
            if isinstance(t, type) and issubclass(t, BaseModel):
                _reachable(t, seen)


def _operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _schemas(*, inputs: bool = True, outputs: bool = True) -> set[type[BaseModel]]:
    """Our schema classes the API reads (bodies, queries, forms) and answers with."""
    seen: set = set()
    for op in _operations():
        if inputs:
            for model in op.models:
                _reachable(model, seen)
        if outputs:
            for model in (op.response_models or {}).values():
                if model is not None:
                    _reachable(model, seen)
    return {m for m in seen if m.__module__.startswith("agora.")}


def test_no_two_schema_classes_share_a_name():
    by_name = defaultdict(set)
    for model in _schemas():
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def test_every_response_schema_is_in_the_published_components():
    components = api.get_openapi_schema()["components"]["schemas"]
    names = {m.__name__ for m in _schemas(inputs=False)}
    assert names - set(components) == set()


def test_every_input_schema_is_a_core_schema_with_bounded_integers():
    from agora.core.schemas import Schema

    unbounded = []
    for model in _schemas(outputs=False):
        assert issubclass(model, Schema), f"{model.__module__}.{model.__name__}"
        for name, field in model.model_fields.items():
            ints = [t for t in _types(field.annotation) if t is int]
            bounded = any(isinstance(m, Le | Lt) for m in field.metadata) or any(
                isinstance(m, Le | Lt)
                for t in _types(field.annotation)
                for m in getattr(getattr(t, "__metadata__", [None])[0], "metadata", [])
            )
            if ints and not bounded:
                unbounded.append(f"{model.__name__}.{name}")
    assert unbounded == []


def test_every_integer_path_parameter_is_bounded():
    unbounded = []
    for op in _operations():
        for model in op.models:
            if model.__name__ != "PathParams":
                continue
            for name, field in model.model_fields.items():
                if field.annotation is int and not any(
                    isinstance(m, Le | Lt) for m in field.metadata
                ):
                    unbounded.append(f"{op.view_func.__name__}: {name}")
    assert unbounded == []


# --- responses against the published document --------------------------------------------------
def _check(value: Any, schema: dict, components: dict, path: str = "$") -> list[str]:
    """The errors of `value` against an OpenAPI 3.1 schema: the subset ninja writes."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf")
        results = [_check(value, option, components, path) for option in options]
        return [] if any(not r for r in results) else min(results, key=len)
    if "allOf" in schema:
        return [e for part in schema["allOf"] for e in _check(value, part, components, path)]
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if kind is not None and not checks[kind](value):
        return [f"{path}: expected {kind}, got {value!r}"]
    errors = []
    if kind == "object" or "properties" in schema:
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}.{name}: required")
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                errors += _check(item, properties[name], components, f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{name}: not allowed")
            else:
                extra = schema.get("additionalProperties")
                if isinstance(extra, dict):
                    errors += _check(item, extra, components, f"{path}.{name}")
    if kind == "array":
        for i, item in enumerate(value):
            errors += _check(item, schema.get("items", {}), components, f"{path}[{i}]")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    return errors


def _validate(document: dict, method: str, path: str, response) -> None:
    operation = document["paths"][path][method]
    content = operation["responses"][str(response.status_code)]["content"]
    schema = content["application/json"]["schema"]
    errors = _check(response.json(), schema, document["components"]["schemas"])
    assert errors == [], errors


@pytest.mark.django_db
def test_cart_and_checkout_responses_validate_against_the_published_document(client, make_api):
    document = client.get("/api/v1/openapi.json").json()
    buyer = UserFactory()
    buyer_api = make_api(buyer)
    shop = ShopFactory(shipping_flat_amount=500)
    product = ProductFactory(shop=shop, options=[], variants=[{"options": {}, "stock": 5}])
    variant = product.variants.get()

    _validate(document, "get", "/api/v1/cart", buyer_api.get("/cart"))
    added = add(buyer_api, variant, 2)
    assert added.status_code == 201, added.content
    _validate(document, "post", "/api/v1/cart/lines", added)
    _validate(document, "get", "/api/v1/cart", buyer_api.get("/cart"))
    line_id = added.json()["lines"][0]["id"]
    _validate(
        document,
        "patch",
        "/api/v1/cart/lines/{line_id}",
        buyer_api.patch(f"/cart/lines/{line_id}", {"quantity": 1}),
    )

    done = checkout(buyer_api, checkout_body())
    assert done.status_code == 201, done.content
    _validate(document, "post", "/api/v1/checkout", done)
    order_id = done.json()["orders"][0]["id"]
    payment_id = done.json()["payment"]["id"]
    _validate(document, "get", "/api/v1/orders/{order_id}", buyer_api.get(f"/orders/{order_id}"))
    _validate(
        document, "get", "/api/v1/payments/{payment_id}", buyer_api.get(f"/payments/{payment_id}")
    )
