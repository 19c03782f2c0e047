"""Accounts: registration, handles, tokens, profiles, roles. Every write is one transaction."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.accounts import hooks, token_cache
from agora.accounts.models import ApiToken, Expertise, Handle, User
from agora.accounts.scheduling import enqueue_password_reset
from agora.accounts.selectors import handle_taken, token_hash
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.core.validators import require_visible_text
from agora.media.selectors import image_owned_by

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
        "analytics",
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


def handle_validate(*, name: str, field: str = "handle") -> str:
    """The handle without spaces or a leading @; 400 on `field` if it is not 2 to 30
    letters, digits or underscores, or is reserved."""
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
    name = handle_validate(name=name, field=field)
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
    username = handle_validate(name=username, field="username")
    display_name = require_visible_text((display_name or "").strip(), field="display_name")
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
            display_name=display_name[:80],
            language=language if language in User.Language.values else "",
        )
        user.set_password(password)
        user.save()
        hooks.profile_changed(user=user)
    return user


def token_create(*, user: User, name: str = "API") -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is never stored and shown only once."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name or "API")[:80], key_hash=token_hash(raw), prefix=raw[:8]
    )
    return token, raw


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revokes one of the user's own tokens; 404 for anyone else's. Idempotent: revoking
    twice keeps the first revocation time."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("Token not found."))
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
    token_cache.forget([token.key_hash])  # refused from the next request on
    return token


def tokens_revoke_all(*, user: User, keep_token_id: int | None = None) -> int:
    """Revokes every live API token of `user` (but `keep_token_id`); returns how many. The
    kept token is read afresh too: its user changed (a new password)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if keep_token_id is not None:
        tokens = tokens.exclude(pk=keep_token_id)
    revoked = tokens.update(revoked_at=timezone.now())
    token_cache.forget_user(user.pk)
    return revoked


def tokens_forget_cached(*, user_id: int) -> None:
    """The person's account changed (suspended, given a handle, a badge): API requests read
    their tokens and the account from the database again instead of the minute-long cache.
    For apps above accounts that change a User row with a queryset update."""
    token_cache.forget_user(user_id)


def password_change(
    *, user: User, old_password: str, new_password: str, keep_token_id: int | None = None
) -> User:
    """Sets a new password and revokes every API token but `keep_token_id` (the token making
    the change through the API; none from the settings page): whoever held an old token
    loses it together with the old password."""
    if not user.check_password(old_password or ""):
        raise InvalidInput.field("old_password", _("Your current password is not correct."))
    try:
        password_validation.validate_password(new_password, user=user)
    except DjangoValidationError as exc:
        raise InvalidInput(
            "Invalid value for new_password.", fields={"new_password": list(exc.messages)}
        ) from exc
    user.set_password(new_password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        tokens_revoke_all(user=user, keep_token_id=keep_token_id)
    return user


def password_reset_request(*, email: str, language: str) -> None:
    """Asks for a reset link for `email`. The request does the same work whether or not an
    account has this address (no lookup here, one task enqueued on commit), so neither its
    answer nor its timing tells who has an account; the task looks the address up."""
    email = (email or "").strip()[:254]
    transaction.on_commit(lambda: enqueue_password_reset(email, language))


class _PasswordResetMailer(PasswordResetForm):
    """Django's reset e-mail, written in each person's own language when they chose one."""

    language = settings.LANGUAGE_CODE
    sent = 0

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        user = args[2]["user"]
        with translation.override(user.language or self.language):
            super().send_mail(*args, **kwargs)
        self.sent += 1


def password_reset_send(*, email: str, language: str = "") -> int:
    """E-mails a one-use reset link to each active account with this address (usually one,
    often none: then nothing is sent). Links start from AGORA_BASE_URL, never a Host header.
    Returns how many accounts were written to."""
    mailer = _PasswordResetMailer(data={"email": email})
    if not mailer.is_valid():
        return 0
    mailer.language = language or settings.LANGUAGE_CODE
    base = urlsplit(settings.AGORA_BASE_URL)
    mailer.save(
        domain_override=base.netloc,
        use_https=base.scheme == "https",
        subject_template_name="accounts/password_reset/subject.txt",
        email_template_name="accounts/password_reset/email.txt",
        extra_email_context={"base_url": settings.AGORA_BASE_URL},
    )
    return mailer.sent


def profile_update(
    *,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    language: str | None = None,
    avatar_id: int | None = None,
) -> User:
    """Validates and saves only the fields given (None leaves a field alone); the avatar must
    be an image the user uploaded. 400 on the offending field otherwise."""
    fields: list[str] = []
    if display_name is not None:
        if len(display_name) > 80:
            raise InvalidInput.field("display_name", _("At most 80 characters."))
        user.display_name = require_visible_text(display_name.strip(), field="display_name")
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
        avatar = image_owned_by(user=user, media_id=avatar_id)
        if avatar is None:
            raise InvalidInput.field("avatar_id", _("Unknown image."))
        user.avatar = avatar
        fields.append("avatar")
    if fields:
        with transaction.atomic():
            user.save(update_fields=fields)
            hooks.profile_changed(user=user)
        token_cache.forget_user(user.pk)
    return user


def _require_moderator(actor: User) -> None:
    if not (actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Only moderators can do this."))


def creator_verify(*, actor: User, user: User, verified: bool = True) -> User:
    """Moderators only (403 otherwise): sets or clears the user's creator badge, refreshed."""
    _require_moderator(actor)
    User.objects.filter(pk=user.pk).update(is_creator=verified)
    token_cache.forget_user(user.pk)
    user.refresh_from_db()
    return user


def expertise_grant(*, actor: User, user: User, category_id: int) -> Expertise:
    """Marks `user` as an expert in the category `category_id` (idempotent; the caller, which
    knows categories, checks that it exists)."""
    _require_moderator(actor)
    with transaction.atomic():
        expertise, _created = Expertise.objects.get_or_create(
            user=user, category_id=category_id, defaults={"granted_by": actor}
        )
        User.objects.filter(pk=user.pk).update(is_expert=True)
    token_cache.forget_user(user.pk)
    user.refresh_from_db()
    return expertise


def expertise_revoke(*, actor: User, user: User, category_id: int) -> None:
    """Moderators only (403 otherwise). Atomic: removes the expertise and clears `is_expert`
    once the user has none left; idempotent."""
    _require_moderator(actor)
    with transaction.atomic():
        Expertise.objects.filter(user=user, category_id=category_id).delete()
        if not Expertise.objects.filter(user=user).exists():
            User.objects.filter(pk=user.pk).update(is_expert=False)
            token_cache.forget_user(user.pk)
