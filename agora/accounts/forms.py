"""Forms for the account pages. Business rules stay in accounts.services; these only shape
input and carry the errors the services raise back to the named field."""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import User
from agora.accounts.selectors import person_by_handle
from agora.core.countries import COUNTRY_CODES, country_choices
from agora.core.errors import DomainError
from agora.core.forms import Form, TextGuardMixin

LANGUAGE_CHOICES = [("", _("Automatic (from your browser)")), *User.Language.choices]


class _FormWithErrors(Protocol):
    fields: dict[str, forms.Field]

    def add_error(self, field: str | None, error: str) -> None: ...


class ServiceErrorsMixin:
    """Puts a DomainError's field messages next to the matching fields (others on top)."""

    def add_service_error(self: _FormWithErrors, exc: DomainError) -> None:
        if not exc.fields:
            self.add_error(None, exc.message)
            return
        for field, messages in exc.fields.items():
            name = field if field in self.fields else None
            for message in messages:
                self.add_error(name, message)


class SignupForm(ServiceErrorsMixin, Form):
    username = forms.CharField(
        label=_("Handle"),
        max_length=30,
        help_text=_("2 to 30 letters, digits or underscores. People will find you at @handle."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(TextGuardMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Handle"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong handle or password."),
    }

    def clean_username(self) -> str:
        """Handles are case-insensitive and may be typed with their @."""
        typed = self.cleaned_data["username"].strip().lstrip("@")
        person = person_by_handle(typed)
        return person.username if person is not None else typed


class ProfileForm(ServiceErrorsMixin, Form):
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    bio = forms.CharField(
        label=_("Bio"),
        max_length=500,
        required=False,
        help_text=_("Up to 500 characters, shown on your profile."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)


class PasswordForm(ServiceErrorsMixin, Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (
            data is not None
            and data.get("new_password")
            and data.get("new_password_again")
            and data["new_password"] != data["new_password_again"]
        ):
            self.add_error("new_password_again", _("The two passwords don't match."))
        return data


class TokenForm(ServiceErrorsMixin, Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “Inventory script”."),
    )


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *country_choices(tuple(COUNTRY_CODES), get_language() or "en")]


class AddressForm(ServiceErrorsMixin, Form):
    """An address of the address book; the same fields and bounds as the checkout's."""

    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Address"), max_length=200)
    line2 = forms.CharField(label=_("Address (line 2)"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices)
    is_default = forms.BooleanField(label=_("Use as my default address"), required=False)
