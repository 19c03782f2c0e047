"""Media knows no shop and no product: catalog's ProductMedia (catalog 0003, which copied these
columns) says which media show a product and in which order; a shop's logo is Shop.logo."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_initial"),
        ("catalog", "0003_productmedia"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="mediaasset",
            options={"ordering": ["id"]},
        ),
        migrations.RemoveIndex(
            model_name="mediaasset",
            name="media_product_position",
        ),
        migrations.RemoveField(
            model_name="mediaasset",
            name="position",
        ),
        migrations.RemoveField(
            model_name="mediaasset",
            name="product",
        ),
        migrations.RemoveField(
            model_name="mediaasset",
            name="shop",
        ),
    ]
