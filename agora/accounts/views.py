"""Account pages: sign up, sign in and out, settings (profile, password, API tokens) and the
language switcher. Writes go through accounts.services; their errors land next to the field."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agora.accounts import hooks, selectors, services
from agora.accounts.forms import LoginForm, PasswordForm, ProfileForm, SignupForm, TokenForm
from agora.core.errors import DomainError
from agora.core.ratelimit import RateLimited, enforce, enforce_value
from agora.core.urls_util import safe_next

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


def _remember_language(request, response, language: str) -> None:
    """The chosen interface language outlives the session (cookie) and follows the person
    (session, read by the language middleware while they are signed in)."""
    request.session["agora_language"] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


def _back_to(request, target: str | None) -> str:
    """A same-site path to go back to (core's safe_next), without a `lang` override."""
    parts = urlsplit(safe_next(request, target, reverse("home")))
    query = QueryDict(parts.query, mutable=True)
    query.pop("lang", None)
    return urlunsplit(("", "", parts.path, query.urlencode(), ""))


def _too_many(request, template: str, context: dict, exc: RateLimited):
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


# --- Sign up, sign in, sign out ------------------------------------------------------------


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    next_url = _back_to(request, request.POST.get("next") or request.GET.get("next"))
    form = SignupForm(request.POST or None)
    context = {"form": form, "next": next_url}
    if request.method == "POST":
        try:
            enforce(request, group="register", key="ip", rate=settings.AGORA_RATES["register_ip"])
        except RateLimited as exc:
            form.add_error(None, _("Too many sign-ups from your network. Try again later."))
            return _too_many(request, "accounts/signup.html", context, exc)
        if form.is_valid():
            try:
                user = services.user_register(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"],
                    language=request.LANGUAGE_CODE,
                )
            except DomainError as exc:
                form.add_service_error(exc)
            else:
                guest_session = request.session.session_key or ""
                login(request, user, backend="agora.accounts.backends.UserBackend")
                hooks.logged_in(request=request, guest_session=guest_session, user=user)
                response = HttpResponseRedirect(next_url)
                _remember_language(request, response, user.language or request.LANGUAGE_CODE)
                messages.success(
                    request, _("Welcome to Agora, @%(handle)s!") % {"handle": user.username}
                )
                return response
    return render(request, "accounts/signup.html", context, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    """Django's log-in, limited per IP and per account; the profile's language applies."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        try:
            enforce(request, group="login", key="ip", rate=settings.AGORA_RATES["login_ip"])
            enforce_value(
                request,
                group="token-account",  # shared with the API's token endpoint
                value=(request.POST.get("username") or "")[:254],
                rate=settings.AGORA_RATES["login_account"],
            )
        except RateLimited as exc:
            # Not validated: validating would try the password, which is what we refuse.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")[:254]}
            )
            context = self.get_context_data(form=form, rate_limited=True)
            return _too_many(request, self.template_name, context, exc)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        guest_session = self.request.session.session_key or ""  # log-in changes the key
        response = super().form_valid(form)
        hooks.logged_in(request=self.request, guest_session=guest_session, user=form.get_user())
        language = form.get_user().language
        if language:
            _remember_language(self.request, response, language)
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# --- Settings ------------------------------------------------------------------------------


def _settings_context(request, **forms) -> dict:
    user = request.user
    return {
        "profile_form": forms.get("profile_form")
        or ProfileForm(
            initial={"display_name": user.display_name, "bio": user.bio, "language": user.language}
        ),
        "password_form": forms.get("password_form") or PasswordForm(),
        "token_form": forms.get("token_form") or TokenForm(),
        "tokens": list(selectors.tokens_for(user=user)),
        "new_token": forms.get("new_token"),
    }


def _render_settings(request, status: int = 200, fragment: str | None = None, **forms):
    template = "accounts/settings.html"
    if fragment and request.htmx and not request.htmx.history_restore_request:
        template += "#" + fragment
    response = render(request, template, _settings_context(request, **forms), status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def settings_page(request):
    if request.method != "POST":
        return _render_settings(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            user = services.profile_update(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            response = redirect("accounts:settings")
            if user.language:
                _remember_language(request, response, user.language)
            else:
                request.session.pop("agora_language", None)
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, samesite="Lax")
            messages.success(request, _("Your profile is saved."))
            return response
    return _render_settings(request, status=400, profile_form=form)


@login_required
@require_POST
def password_change(request):
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            user = services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:settings")
    return _render_settings(request, status=400, password_form=form)


@login_required
@require_POST
def token_create(request):
    """The raw token is rendered in this response only: it is never stored, not even in the
    session, and cannot be shown again."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render_settings(request, status=400, fragment="tokens", token_form=form)
    token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
    response = _render_settings(
        request, fragment="tokens", new_token={"name": token.name, "value": raw}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        token = services.token_revoke(user=request.user, token_id=token_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if not request.htmx:
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    if request.htmx:
        return _render_settings(request, fragment="tokens")
    return HttpResponseRedirect(resolve_url("accounts:settings") + "#tokens")


# --- Language ------------------------------------------------------------------------------


@require_POST
def language(request):
    """The language switcher: remembered in a cookie and the session, and on the profile of a
    signed-in person; then back to the (same-site) page they were on."""
    code = request.POST.get("language", "")
    next_url = _back_to(request, request.POST.get("next") or request.headers.get("Referer"))
    response = HttpResponseRedirect(next_url)
    if code not in LANGUAGE_CODES:
        return response
    if request.user.is_authenticated and request.user.language != code:
        services.profile_update(user=request.user, language=code)
    _remember_language(request, response, code)
    return response
