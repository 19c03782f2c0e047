"""`Product.media` through ProductMedia: no table changes, only the relation's name, added once
media's old `MediaAsset.product` (whose reverse accessor was also `media`) is gone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_productmedia"),
        ("media", "0003_media_knows_no_product"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="media",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="catalog.ProductMedia",
                to="media.mediaasset",
            ),
        ),
    ]
