"""Checks real JSON answers against the published OpenAPI document, strictly: each of our
objects may carry only the properties its schema declares, and formats (date-time) count.

For the hot lists that skip django-ninja's response validation (`paginate_unvalidated`): their
items are built to the schema by construction, and these checks are what holds them to it."""

from __future__ import annotations

from typing import Any

import jsonschema_rs


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _strict(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


def openapi_errors(document: dict, method: str, path: str, response) -> list[str]:
    """What in `response` (a test client's) breaks the schema its operation publishes."""
    operation = document["paths"][path][method]
    declared = operation["responses"][str(response.status_code)]["content"]["application/json"]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **declared["schema"],
        "components": {"schemas": _strict(document["components"]["schemas"])},
    }
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    return [str(error) for error in validator.iter_errors(response.json())]
