from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The shopper pages that combine domains: home, the shop page, the product page and a
    person's profile. Each view assembles its parts through the owning apps' selectors (and
    `social.parts`); the templates only render them."""

    name = "agora.storefront"
    label = "storefront"
