"""The JSON API root: one django-ninja router per app under /api/v1/."""

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from agora.accounts.api import router as accounts_router
from agora.catalog.api import router as catalog_router
from agora.commerce.api import router as commerce_router
from agora.community.api import router as community_router
from agora.core.api import JSONRenderer, install_error_handlers
from agora.core.auth import BearerToken, OptionalBearerToken
from agora.discovery.api import router as discovery_router
from agora.engagement.api import router as engagement_router
from agora.insights.api import router as insights_router
from agora.media.api import router as media_router
from agora.moderation.api import router as moderation_router
from agora.reach.api import router as reach_router
from agora.shops.api import router as shops_router
from agora.social.api import router as social_router


class AgoraAPI(NinjaAPI):
    """Declares in OpenAPI what the shared plumbing answers for every operation it serves."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"$ref": "#/components/schemas/ErrorOut"}
        for methods in schema["paths"].values():
            for operation in methods.values():
                security = operation.get("security") or []
                # A public read takes a token but needs none: `{}` (no requirement) says an
                # anonymous call is allowed; a bad token is still a 401.
                if {OptionalBearerToken.__name__: []} in security and {} not in security:
                    security.append({})
                parameters = operation.get("parameters") or []
                statuses = []
                if security:
                    statuses.append(401)  # missing or bad token
                if "requestBody" in operation:
                    statuses.append(400)  # missing or malformed body
                if any(p.get("in") == "path" for p in parameters):
                    statuses.append(404)  # a path that names nothing
                if parameters or "requestBody" in operation:
                    statuses.append(422)  # invalid values, `fields` keyed by JSON path
                responses = operation.setdefault("responses", {})
                for status in statuses:
                    if status not in responses and str(status) not in responses:
                        responses[status] = {
                            "description": HTTPStatus(status).phrase,
                            "content": {"application/json": {"schema": error}},
                        }
                # The HTTP server refuses a request line over 4 KB before Agora sees it.
                responses.setdefault(
                    414,
                    {
                        "description": "URI Too Long (from the HTTP server, gunicorn)",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                )
        return schema


class SelfHostedSwagger(Swagger):
    """Swagger UI from our own static files (ninja's copy), under the strict CSP: its two scripts
    carry the request's nonce and nothing is fetched from another site."""

    template = "api/docs.html"


api = AgoraAPI(
    title="Agora API",
    version="1",
    description="Social commerce: people, shops, products, media.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
    # No online validator badge: it would fetch an image from swagger.io.
    docs=SelfHostedSwagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    openapi_url="/openapi.json",
    renderer=JSONRenderer(),
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", shops_router)
api.add_router("/", catalog_router)
api.add_router("/", media_router)
api.add_router("/", social_router)
api.add_router("/", moderation_router)
api.add_router("/", commerce_router)
api.add_router("/", engagement_router)
api.add_router("/", discovery_router)
api.add_router("/", community_router)
api.add_router("/", reach_router)
api.add_router("/", insights_router)
