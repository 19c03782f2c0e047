"""Photos that follow the variant on the product page: `?variant=<id>` and the options form
(no script) show the picture linked to the chosen options first; option names read as labels."""

import re

import pytest
from django.utils import translation

from agora.media.models import MediaAsset
from tests.factories import ProductFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coat(add_media):
    shop = ShopFactory(handle="laine", name="Laine & Co")
    product = ProductFactory(
        shop=shop,
        title="Wool coat",
        slug="wool-coat",
        options=[
            {"name": "color", "values": ["Camel", "Anthracite"]},
            {"name": "size", "values": ["S", "M"]},
        ],
        variants=[
            {"options": {"color": "Camel", "size": "S"}, "stock": 5},
            {"options": {"color": "Camel", "size": "M"}, "stock": 5},
            {"options": {"color": "Anthracite", "size": "S"}, "stock": 5},
            {"options": {"color": "Anthracite", "size": "M"}, "stock": 5},
        ],
    )
    camel = add_media(product, angle="front", alt="Camel coat", position=0)
    detail = add_media(product, angle="detail", alt="The buttons", position=1)
    grey = add_media(product, angle="side", alt="Anthracite coat", position=2)
    MediaAsset.objects.filter(pk=camel.pk).update(option_values={"color": "Camel"})
    MediaAsset.objects.filter(pk=grey.pk).update(option_values={"color": "Anthracite"})
    product.pictures = {"camel": camel, "detail": detail, "grey": grey}
    return product


def main_picture_alt(page: str) -> str:
    stage = page.split('class="gallery-stage"', 1)[1].split("</div>", 1)[0]
    return re.search(r'alt="([^"]*)"', stage).group(1)


def thumbnail_alts(page: str) -> list[str]:
    thumbs = page.split('class="thumbs"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'data-alt="([^"]*)"', thumbs)


def test_a_link_to_a_variant_shows_its_linked_photo_first(client, coat):
    grey_m = coat.variants.get(options__color="Anthracite", options__size="M")

    page = client.get(f"/@laine/products/wool-coat?variant={grey_m.pk}").content.decode()

    assert main_picture_alt(page) == "Anthracite coat"
    assert thumbnail_alts(page)[0] == "Anthracite coat"
    assert 'name="opt-color" value="Anthracite" checked' in page
    assert 'name="opt-size" value="M" checked' in page
    assert f'name="variant_id" value="{grey_m.pk}"' in page


def test_the_options_form_without_script_shows_the_chosen_colours_photo(client, coat):
    # The form reloads the page with the options chosen (no picture of its own in the query).
    page = client.get("/@laine/products/wool-coat").content.decode()
    form = page.split('<form class="options"', 1)[1].split("</form>", 1)[0]
    assert 'name="media"' not in form
    assert main_picture_alt(page) == "Camel coat"

    page = client.get(
        "/@laine/products/wool-coat", {"opt-color": "Anthracite", "opt-size": "S"}
    ).content.decode()

    assert main_picture_alt(page) == "Anthracite coat"


def test_a_picture_the_buyer_picked_stays_shown_with_a_variant_chosen(client, coat):
    detail = coat.pictures["detail"]

    page = client.get(
        "/@laine/products/wool-coat", {"opt-color": "Anthracite", "media": detail.pk}
    ).content.decode()

    assert main_picture_alt(page) == "The buttons"


def test_thumbnails_carry_the_options_their_picture_shows_for_the_script(client, coat):
    page = client.get("/@laine/products/wool-coat").content.decode()

    assert 'data-option-values="{&quot;color&quot;:&quot;Anthracite&quot;}"' in page
    assert page.count("data-option-values=") == 2  # the buttons show every colour
    assert 'src="/static/storefront/gallery.js' in page or "storefront/gallery" in page


def test_option_names_read_as_labels_in_the_pages_language(client, coat):
    page = client.get("/@laine/products/wool-coat").content.decode()
    assert "<legend>Color</legend>" in page
    assert "<legend>Size</legend>" in page

    with translation.override("fr"):
        page = client.get("/@laine/products/wool-coat?lang=fr").content.decode()
    assert "<legend>color</legend>" not in page
    assert "Anthracite" in page  # the seller's values stay as entered
