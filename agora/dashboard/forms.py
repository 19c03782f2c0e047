"""Dashboard forms. They only parse what people type (decimals, whole numbers, choices); the
business rules live in the services, whose errors are put back next to the same inputs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agora.catalog.models import Product
from agora.catalog.options import option_label
from agora.catalog.selectors import categories
from agora.catalog.services import MAX_PRICE, MAX_STOCK
from agora.core.countries import COUNTRY_CODES, country_choices
from agora.core.forms import Form
from agora.core.money import SUPPORTED_CURRENCIES, Money, minor_digits
from agora.media.models import MediaAsset
from agora.shops.models import Shop

MIN_OPTION_COLUMNS = 3


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(SUPPORTED_CURRENCIES)]


def money_field(currency: str, *, label, required: bool = True) -> forms.DecimalField:
    """A price typed as a decimal ("19.99", or "19,99" in French and German) in the shop's
    currency, with no more decimals than the currency has."""
    digits = minor_digits(currency)
    field = forms.DecimalField(
        label=label,
        required=required,
        max_digits=9 + digits,
        decimal_places=digits,
        localize=True,
        validators=[
            MinValueValidator(Decimal(0)),
            MaxValueValidator(Decimal(MAX_PRICE).scaleb(-digits)),
        ],
    )
    field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
    return field


def to_money(value: Decimal | None, currency: str) -> dict | None:
    """The API's Money shape, {"amount": minor units, "currency"}, from a typed decimal."""
    if value is None:
        return None
    return Money.from_decimal(value, currency).as_dict()


def to_decimal(amount: int | None, currency: str) -> Decimal | None:
    return None if amount is None else Money(amount, currency).decimal


# --- shops ---------------------------------------------------------------------------------
class ShopCreateForm(Form):
    handle = forms.CharField(
        label=_("Handle"),
        max_length=31,
        help_text=_("2 to 30 letters, digits or underscores. Your shop lives at /@handle."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=currency_choices,
        initial="EUR",
        help_text=_("Every price in the shop is in this currency."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Shop.Language.choices,
        help_text=_("The language your product texts are written in."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def all_country_choices() -> list[tuple[str, str]]:
    return country_choices(tuple(COUNTRY_CODES), get_language() or "en")


class ShopSettingsForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=currency_choices,
        help_text=_("It can only change while the shop has no products."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Shop.Language.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    shipping_countries = forms.MultipleChoiceField(
        label=_("Shipping countries"),
        choices=all_country_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The checkout offers only these countries."),
    )


class MemberForm(Form):
    handle = forms.CharField(
        label=_("Handle of the person"),
        max_length=31,
        widget=forms.TextInput(attrs={"placeholder": "@handle", "autocomplete": "off"}),
    )


# --- products ------------------------------------------------------------------------------
class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.path


class ProductForm(Form):
    """The product's own fields plus the names of its options (size, color...): the columns
    of the variants table below it."""

    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    brand = forms.CharField(label=_("Brand"), required=False, max_length=80)
    category = CategoryChoiceField(
        label=_("Category"), queryset=categories(), required=False, empty_label=_("No category")
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=Product.Condition.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Product.Status.choices,
        help_text=_("Only active products are shown in the shop."),
    )

    def __init__(self, *args, currency: str, option_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"] = money_field(currency, label=_("Price"))
        self.fields["price"].help_text = _("In %(currency)s, taxes included.") % {
            "currency": currency
        }
        self.option_count = option_count
        examples = [_("e.g. size"), _("e.g. color"), _("e.g. material")]
        for col in range(option_count):
            self.fields[f"option_{col}"] = forms.CharField(
                label=_("Option %(n)s") % {"n": col + 1},
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={"placeholder": examples[col] if col < len(examples) else ""}
                ),
            )

    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"option_{col}"] for col in range(self.option_count)]


class VariantRowForm(Form):
    """One buyable combination: SKU, a value per option, stock and an optional own price."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sku = forms.CharField(label=_("SKU"), required=False, max_length=64)
    stock = forms.IntegerField(
        label=_("Stock"),
        required=False,
        min_value=0,
        max_value=MAX_STOCK,
        widget=forms.NumberInput(attrs={"min": 0}),
    )

    def __init__(self, *args, currency: str, option_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        for col in range(option_count):
            self.fields[f"value_{col}"] = forms.CharField(
                label=_("Value of option %(n)s") % {"n": col + 1}, required=False, max_length=60
            )
        self.fields["price"] = money_field(currency, label=_("Own price"), required=False)
        self.option_count = option_count

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"value_{col}"] for col in range(self.option_count)]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (
            data.get("sku")
            or data.get("stock")
            or data.get("price") is not None
            or any(data.get(f"value_{col}") for col in range(self.option_count))
        )


class PersonalizationRowForm(Form):
    """A text the buyer types (a name on the label), its limits and its surcharge."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Name on the label")}),
    )
    max_length = forms.IntegerField(
        label=_("Max. length"),
        required=False,
        min_value=1,
        max_value=200,
        initial=20,
        widget=forms.NumberInput(attrs={"min": 1, "max": 200}),
    )
    allowed_characters = forms.CharField(
        label=_("Allowed characters"),
        required=False,
        max_length=200,
        strip=False,
        widget=forms.TextInput(attrs={"placeholder": _("Any")}),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surcharge"] = money_field(currency, label=_("Surcharge"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (
            data.get("name") or data.get("allowed_characters") or data.get("surcharge") is not None
        )


VariantFormSet = forms.formset_factory(
    VariantRowForm, extra=3, can_delete=True, can_delete_extra=False, max_num=100
)
PersonalizationFormSet = forms.formset_factory(
    PersonalizationRowForm, extra=2, can_delete=True, can_delete_extra=False, max_num=20
)


# --- media ---------------------------------------------------------------------------------
class MediaUploadForm(Form):
    file = forms.FileField(
        label=_("Image or video"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,video/*"}),
    )
    angle = forms.ChoiceField(
        label=_("Angle"), choices=MediaAsset.Angle.choices, initial=MediaAsset.Angle.FRONT
    )
    alt = forms.CharField(
        label=_("Description for people who can't see it"),
        required=False,
        max_length=300,
        help_text=_("Say what the picture shows, e.g. “Red mug held in a hand”."),
    )


class MediaEditForm(Form):
    """Angle, alt text, and for a product with options, which of its variants the picture
    shows: a value of each option, or every variant (`option_values()` gives the map)."""

    angle = forms.ChoiceField(label=_("Angle"), choices=MediaAsset.Angle.choices)
    alt = forms.CharField(label=_("Alt text"), required=False, max_length=300)

    def __init__(self, *args, product_options=(), option_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_names: dict[str, str] = {}
        values = option_values or {}
        for index, option in enumerate(product_options or ()):
            name = str(option.get("name", ""))
            field = f"option_{index}"
            self.option_names[field] = name
            self.fields[field] = forms.ChoiceField(
                label=option_label(name),
                required=False,
                choices=[("", _("All variants"))]
                + [(str(v), str(v)) for v in option.get("values", [])],
                initial=values.get(name, ""),
            )

    def option_fields(self):
        return [self[field] for field in self.option_names]

    def option_values(self) -> dict[str, str]:
        """The chosen value of each option the picture is limited to (none: every variant)."""
        return {
            name: self.cleaned_data[field]
            for field, name in self.option_names.items()
            if self.cleaned_data.get(field)
        }
