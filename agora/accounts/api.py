from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status

from agora.accounts import selectors, services
from agora.accounts.models import ApiToken
from agora.accounts.schemas import (
    ApiTokenOut,
    MeIn,
    MeOut,
    PasswordIn,
    RegisterIn,
    RegisterOut,
    TokenIn,
    TokenOut,
    UserOut,
    VerifyIn,
)
from agora.core.api import errors
from agora.core.auth import OptionalBearerToken, api_user
from agora.core.errors import NotFound, Unauthorized
from agora.core.ratelimit import enforce, enforce_value
from agora.core.schemas import Id

router = Router(tags=["accounts"])


def _api_token(request: HttpRequest) -> ApiToken:
    """The token that authenticated `request` (`core.auth.BearerToken` keeps it)."""
    token = getattr(request, "api_token", None)
    if not isinstance(token, ApiToken):
        raise Unauthorized("A valid bearer token is required.")
    return token


@router.post("/auth/register", auth=None, response={201: RegisterOut, **errors(400, 409, 422, 429)})
def register(request: HttpRequest, payload: RegisterIn) -> Status[dict[str, Any]]:
    enforce(request, group="register", key="ip", rate=settings.AGORA_RATES["register_ip"])
    user = services.user_register(
        username=payload.username,
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        language=payload.language,
    )
    _token, raw = services.token_create(user=user, name="Registration")
    return Status(201, {"token": raw, "user": MeOut.from_user(user)})


@router.post("/auth/token", auth=None, response={200: TokenOut, **errors(400, 401, 422, 429)})
def token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    enforce(request, group="token", key="ip", rate=settings.AGORA_RATES["login_ip"])
    enforce_value(
        request,
        group="token-account",
        value=payload.username,
        rate=settings.AGORA_RATES["login_account"],
    )
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    _token, raw = services.token_create(user=user, name=payload.name)
    return {"token": raw}


@router.get("/auth/tokens", response={200: list[ApiTokenOut], **errors(401)})
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(selectors.tokens_for(user=api_user(request)))


@router.delete("/auth/tokens/{token_id}", response={200: ApiTokenOut, **errors(401, 404)})
def token_revoke(request: HttpRequest, token_id: Id) -> ApiToken:
    return services.token_revoke(user=api_user(request), token_id=token_id)


@router.post("/auth/password", response={204: None, **errors(401, 422)})
def password_change(request: HttpRequest, payload: PasswordIn) -> Status[None]:
    """Every other API token of the caller is revoked; the one making the request stays."""
    services.password_change(
        user=api_user(request),
        old_password=payload.old_password,
        new_password=payload.new_password,
        keep_token_id=_api_token(request).pk,
    )
    return Status(204, None)


@router.get("/me", response={200: MeOut, **errors(401)})
def me(request: HttpRequest) -> dict[str, Any]:
    return MeOut.from_user(api_user(request))


@router.patch("/me", response={200: MeOut, **errors(401, 422)})
def me_update(request: HttpRequest, payload: MeIn) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    user = services.profile_update(user=api_user(request), **data)
    return MeOut.from_user(user)


@router.get(
    "/people/{handle}", auth=OptionalBearerToken(), response={200: UserOut, **errors(401, 404)}
)
def person(request: HttpRequest, handle: str) -> dict[str, Any]:
    user = selectors.person_by_handle(handle.lstrip("@"))
    if user is None:
        raise NotFound("No such person.")
    return UserOut.from_user(user)


@router.post("/people/{handle}/verify", response={200: UserOut, **errors(401, 403, 404)})
def person_verify(request: HttpRequest, handle: str, payload: VerifyIn) -> dict[str, Any]:
    user = selectors.person_by_handle(handle.lstrip("@"))
    if user is None:
        raise NotFound("No such person.")
    return UserOut.from_user(
        services.creator_verify(actor=api_user(request), user=user, verified=payload.creator)
    )
