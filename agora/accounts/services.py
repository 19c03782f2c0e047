"""Accounts: registration, handles, tokens, profiles, roles. Every write is one transaction."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.accounts.models import ApiToken, Expertise, Handle, User
from agora.accounts.selectors import handle_taken, token_hash
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

HANDLE_RE = re.compile(r"^[A-Za-z0-9_]{2,30}$")
RESERVED_HANDLES = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "s",
        "tags",
        "feeds",
        "cart",
        "checkout",
        "settings",
        "login",
        "logout",
        "signup",
        "search",
        "trending",
        "about",
        "help",
        "agora",
        "dashboard",
        "account",
        "accounts",
        "orders",
        "notifications",
        "feed",
        "bench",
        "healthz",
        "shops",
        "products",
        "support",
        "root",
        "well_known",
        "nodeinfo",
        "moderation",
        "lists",
    }
)


def handle_validate(name: str, *, field: str = "handle") -> str:
    name = (name or "").strip().lstrip("@")
    if not HANDLE_RE.fullmatch(name):
        raise InvalidInput.field(
            field, _("Use 2 to 30 letters, digits or underscores (no spaces).")
        )
    if name.lower() in RESERVED_HANDLES:
        raise InvalidInput.field(field, _("This handle is reserved."))
    return name


def handle_claim(*, name: str, kind: str, field: str = "handle") -> Handle:
    """Claims a handle in the shared person/shop namespace; must run inside the caller's
    transaction. Case-insensitive uniqueness is the database's unique index, so two
    simultaneous claims of the same name cannot both win."""
    name = handle_validate(name, field=field)
    if handle_taken(name):
        raise Conflict(
            _("This handle is already taken."),
            code="handle_taken",
            fields={field: [_("This handle is already taken.")]},
        )
    try:
        with transaction.atomic():
            return Handle.objects.create(name=name, kind=kind)
    except IntegrityError as exc:
        raise Conflict(
            _("This handle is already taken."),
            code="handle_taken",
            fields={field: [_("This handle is already taken.")]},
        ) from exc


def user_register(
    *, username: str, email: str, password: str, display_name: str = "", language: str = ""
) -> User:
    """Creates a person and claims their handle atomically. Raises InvalidInput naming the
    field, or Conflict when the handle is taken."""
    username = handle_validate(username, field="username")
    email = (email or "").strip()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise InvalidInput.field("email", _("Enter a valid e-mail address.")) from exc
    candidate = User(username=username, email=email)
    try:
        password_validation.validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise InvalidInput(
            "Invalid value for password.", fields={"password": list(exc.messages)}
        ) from exc
    with transaction.atomic():
        actor = handle_claim(name=username, kind=Handle.Kind.PERSON, field="username")
        user = User(
            actor=actor,
            username=username,
            email=email,
            display_name=(display_name or "")[:80],
            language=language if language in User.Language.values else "",
        )
        user.set_password(password)
        user.save()
    return user


def token_create(*, user: User, name: str = "API") -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is never stored and shown only once."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name or "API")[:80], key_hash=token_hash(raw), prefix=raw[:8]
    )
    return token, raw


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("Token not found."))
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
    return token


def password_change(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password or ""):
        raise InvalidInput.field("old_password", _("Your current password is not correct."))
    try:
        password_validation.validate_password(new_password, user=user)
    except DjangoValidationError as exc:
        raise InvalidInput(
            "Invalid value for new_password.", fields={"new_password": list(exc.messages)}
        ) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def profile_update(
    *,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    language: str | None = None,
    avatar_id: int | None = None,
) -> User:
    fields: list[str] = []
    if display_name is not None:
        if len(display_name) > 80:
            raise InvalidInput.field("display_name", _("At most 80 characters."))
        user.display_name = display_name.strip()
        fields.append("display_name")
    if bio is not None:
        if len(bio) > 500:
            raise InvalidInput.field("bio", _("At most 500 characters."))
        user.bio = bio.strip()
        fields.append("bio")
    if language is not None:
        if language not in {"", *User.Language.values}:
            raise InvalidInput.field("language", _("Choose English, French or German."))
        user.language = language
        fields.append("language")
    if avatar_id is not None:
        from agora.media.selectors import image_owned_by

        avatar = image_owned_by(user=user, media_id=avatar_id)
        if avatar is None:
            raise InvalidInput.field("avatar_id", _("Unknown image."))
        user.avatar = avatar
        fields.append("avatar")
    if fields:
        user.save(update_fields=fields)
    return user


def _require_moderator(actor: User) -> None:
    if not (actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Only moderators can do this."))


def creator_verify(*, actor: User, user: User, verified: bool = True) -> User:
    _require_moderator(actor)
    User.objects.filter(pk=user.pk).update(is_creator=verified)
    user.refresh_from_db()
    return user


def expertise_grant(*, actor: User, user: User, category) -> Expertise:
    """Marks `user` as an expert in `category` (idempotent)."""
    _require_moderator(actor)
    with transaction.atomic():
        expertise, _created = Expertise.objects.get_or_create(
            user=user, category=category, defaults={"granted_by": actor}
        )
        User.objects.filter(pk=user.pk).update(is_expert=True)
    user.refresh_from_db()
    return expertise


def expertise_revoke(*, actor: User, user: User, category) -> None:
    _require_moderator(actor)
    with transaction.atomic():
        Expertise.objects.filter(user=user, category=category).delete()
        if not Expertise.objects.filter(user=user).exists():
            User.objects.filter(pk=user.pk).update(is_expert=False)
