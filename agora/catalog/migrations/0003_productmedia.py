"""Which media show a product, in which order, moves from media (MediaAsset.product and
.position) to catalog (ProductMedia), so that media knows no product. This migration creates
the table and copies every product's media into it; media's 0003 then drops the old columns
and 0004 names the relation `Product.media`."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def copy_product_media(apps, schema_editor):
    MediaAsset = apps.get_model("media", "MediaAsset")
    ProductMedia = apps.get_model("catalog", "ProductMedia")
    rows = (
        MediaAsset.objects.filter(product__isnull=False)
        .order_by("product_id", "position", "id")
        .values_list("id", "product_id", "position")
        .iterator(chunk_size=BATCH)
    )
    batch = []
    for media_id, product_id, position in rows:
        batch.append(ProductMedia(media_id=media_id, product_id=product_id, position=position))
        if len(batch) >= BATCH:
            ProductMedia.objects.bulk_create(batch)
            batch = []
    ProductMedia.objects.bulk_create(batch)


def restore_product_media(apps, schema_editor):
    """Backwards: media's 0003 has put the columns back (empty); fill them again. A product's
    media belonged to its shop, and so did each shop's logo."""
    MediaAsset = apps.get_model("media", "MediaAsset")
    ProductMedia = apps.get_model("catalog", "ProductMedia")
    Shop = apps.get_model("shops", "Shop")
    links = ProductMedia.objects.values_list(
        "media_id", "product_id", "product__shop_id", "position"
    )
    for media_id, product_id, shop_id, position in links.iterator(chunk_size=BATCH):
        MediaAsset.objects.filter(pk=media_id).update(
            product_id=product_id, shop_id=shop_id, position=position
        )
    for shop_id, logo_id in Shop.objects.filter(logo__isnull=False).values_list("id", "logo_id"):
        MediaAsset.objects.filter(pk=logo_id, shop__isnull=True).update(shop_id=shop_id)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_initial"),
        ("media", "0002_initial"),
        ("shops", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProductMedia",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "media",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="product_link",
                        to="media.mediaasset",
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="product_media",
                        to="catalog.product",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "product media",
                "ordering": ["position", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="productmedia",
            index=models.Index(fields=["product", "position"], name="product_media_position"),
        ),
        migrations.RunPython(copy_product_media, restore_product_media, elidable=False),
    ]
