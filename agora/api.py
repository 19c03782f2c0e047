"""The JSON API root: one django-ninja router per app under /api/v1/."""

from ninja import NinjaAPI

from agora.accounts.api import router as accounts_router
from agora.accounts.auth import BearerToken
from agora.catalog.api import router as catalog_router
from agora.commerce.api import router as commerce_router
from agora.core.api import install_error_handlers
from agora.media.api import router as media_router
from agora.moderation.api import router as moderation_router
from agora.shops.api import router as shops_router
from agora.social.api import router as social_router

api = NinjaAPI(
    title="Agora API",
    version="1",
    description="Social commerce: people, shops, products, media.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", shops_router)
api.add_router("/", catalog_router)
api.add_router("/", media_router)
api.add_router("/", social_router)
api.add_router("/", moderation_router)
api.add_router("/", commerce_router)
