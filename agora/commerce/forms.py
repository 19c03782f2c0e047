"""Forms of the commerce pages: they check the shape of the input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from agora.core.forms import Form


class CheckoutForm(Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Address"), max_length=200)
    line2 = forms.CharField(label=_("Address (line 2)"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    country = forms.CharField(
        label=_("Country"),
        min_length=2,
        max_length=2,
        help_text=_("Two-letter code, e.g. FR, DE or GB."),
        validators=[RegexValidator(r"^[A-Za-z]{2}$", _("Enter a two-letter country code."))],
    )
    coupon_code = forms.CharField(label=_("Coupon code"), max_length=40, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()

    def address(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("name", "line1", "line2", "city", "postal_code", "country")}

    def body(self) -> dict:
        """What the request is, for the idempotency check (same as the API's body)."""
        return {
            "email": self.cleaned_data["email"],
            "shipping_address": self.address(),
            "coupon_code": self.cleaned_data["coupon_code"] or None,
            "payment_provider": "test",
        }


class CardForm(Form):
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-number", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ShipForm(Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=80)
