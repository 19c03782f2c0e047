"""Forms of the commerce pages: they check the shape of the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agora.core.forms import Form

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "postal_code", "country")
NEW_ADDRESS = "new"


class CheckoutForm(Form):
    """`countries`: (code, name) the cart's shops all ship to. `saved`: the buyer's address
    book (signed in): a choice of one of them or a new address, whose fields are then
    required (as they are when nothing is chosen)."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    saved_address = forms.ChoiceField(label=_("Ship to"), widget=forms.RadioSelect, required=False)
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Address"), max_length=200)
    line2 = forms.CharField(label=_("Address (line 2)"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    country = forms.ChoiceField(label=_("Country"), choices=())
    coupon_code = forms.CharField(label=_("Coupon code"), max_length=40, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, countries=(), saved=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a country")), *countries]
        self.fields["country"].choices = choices  # type: ignore[attr-defined]
        self.saved = {str(address.pk): address for address in saved}
        if not self.saved:
            del self.fields["saved_address"]
            return
        self.fields["saved_address"].choices = [  # type: ignore[attr-defined]
            *((key, str(address)) for key, address in self.saved.items()),
            (NEW_ADDRESS, _("A new address")),
        ]
        for name in ADDRESS_FIELDS:  # required only for a new address (see clean())
            self.fields[name].required = False

    def uses_saved_address(self) -> bool:
        return self.saved_choice() not in ("", NEW_ADDRESS)

    def saved_choice(self) -> str:
        if not self.saved:
            return ""
        return self.cleaned_data.get("saved_address", "") if self.is_bound else ""

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.saved:
            return data
        chosen = data.get("saved_address")
        if chosen in self.saved:
            address = self.saved[chosen]
            for name in ADDRESS_FIELDS:
                data[name] = getattr(address, name)
            for name in ADDRESS_FIELDS:  # the new-address fields were not used
                self.errors.pop(name, None)
        else:  # a new address (or none chosen: a form sent before the address book had one)
            for name in ADDRESS_FIELDS:
                if name != "line2" and not data.get(name) and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def address(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ADDRESS_FIELDS}

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
