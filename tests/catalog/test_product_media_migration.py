"""The move of "which media show a product" from media to catalog keeps a live database's
photos, their order and their owners (catalog 0003/0004, media 0003), and can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agora.catalog.models import Product, ProductMedia
from agora.catalog.selectors import product_list, product_media
from agora.media.models import MediaAsset
from agora.media.selectors import media_for_viewer

BEFORE = [("catalog", "0002_initial"), ("media", "0002_initial")]


def _migrate(targets):
    """Migrates catalog and media to `targets` (None: every app to its latest) and returns the
    historical models of the database as it then is."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(targets or leaves)
    others = [node for node in leaves if node[0] not in {"catalog", "media"}]
    return executor.loader.project_state(others + (targets or leaves)).apps


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _old_world(apps) -> dict:
    """Rows as the old schema held them: product photos with a shop, product and position,
    a logo with only a shop, an avatar with neither."""
    User = apps.get_model("accounts", "User")
    Shop = apps.get_model("shops", "Shop")
    Product = apps.get_model("catalog", "Product")
    MediaAsset = apps.get_model("media", "MediaAsset")
    ana = User.objects.create(username="ana", password="!")
    shop = Shop.objects.create(handle="atelier", name="Atelier", currency="EUR")
    shirt, mug = (
        Product.objects.create(
            shop=shop, title=title, slug=title.lower(), price_amount=100, currency="EUR"
        )
        for title in ("Shirt", "Mug")
    )

    def asset(name, **links):
        return MediaAsset.objects.create(
            uploaded_by=ana, kind="image", file=f"uploads/{name}.png", content_type="image/png",
            status="ready", alt=name, **links,
        )  # fmt: skip

    back = asset("back", shop=shop, product=shirt, position=1)
    front = asset("front", shop=shop, product=shirt, position=0)
    side = asset("side", shop=shop, product=shirt, position=1)  # a tie, as a race could leave
    mug_photo = asset("mug", shop=shop, product=mug, position=0)
    logo = asset("logo", shop=shop)
    avatar = asset("avatar")
    Shop.objects.filter(pk=shop.pk).update(logo=logo)
    User.objects.filter(pk=ana.pk).update(avatar=avatar)
    return {
        "shop": shop.pk,
        "shirt": shirt.pk,
        "mug": mug.pk,
        "shirt_order": [front.pk, back.pk, side.pk],
        "mug_photo": mug_photo.pk,
        "logo": logo.pk,
        "avatar": avatar.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_product_photos_keep_their_product_and_order_through_the_move_and_back():
    try:
        # given a database with the old schema and data in it
        ids = _old_world(_migrate(BEFORE))

        # when it migrates forward
        _migrate(None)

        # then catalog knows each product's photos in the same order, and media knows no product
        assert not {"product_id", "shop_id", "position"} & _columns("media_mediaasset")
        shirt = Product.objects.get(pk=ids["shirt"])
        assert [m.pk for m in product_media(shirt)] == ids["shirt_order"]
        listed = {p.pk: [m.pk for m in p.media.all()] for p in product_list()}
        assert listed == {ids["shirt"]: ids["shirt_order"], ids["mug"]: [ids["mug_photo"]]}
        assert ProductMedia.objects.count() == 4
        assert MediaAsset.objects.count() == 6
        # the logo is still the active shop's, seen by everyone; the avatar stays personal
        assert media_for_viewer(media_id=ids["logo"]) is not None
        assert media_for_viewer(media_id=ids["shirt_order"][0]) is not None
        assert media_for_viewer(media_id=ids["avatar"]) is None

        # when it migrates back
        old = _migrate(BEFORE)

        # then the old columns hold the same facts again
        OldAsset = old.get_model("media", "MediaAsset")
        rows = {
            pk: (product, shop, position)
            for pk, product, shop, position in OldAsset.objects.values_list(
                "pk", "product_id", "shop_id", "position"
            )
        }
        front, back, side = ids["shirt_order"]
        assert rows[front] == (ids["shirt"], ids["shop"], 0)
        assert {rows[back], rows[side]} == {(ids["shirt"], ids["shop"], 1)}
        assert rows[ids["mug_photo"]] == (ids["mug"], ids["shop"], 0)
        assert rows[ids["logo"]][:2] == (None, ids["shop"])
        assert rows[ids["avatar"]][:2] == (None, None)
    finally:
        _migrate(None)
