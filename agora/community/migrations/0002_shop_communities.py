"""A community for every shop that existed before communities (new shops get theirs from
shops' `shop_changed` hook; a shop missed here gets one on the first visit of its address)."""

from django.db import migrations


def create_shop_communities(apps, schema_editor):
    Shop = apps.get_model("shops", "Shop")
    Community = apps.get_model("community", "Community")
    have = set(Community.objects.filter(shop__isnull=False).values_list("shop_id", flat=True))
    taken = set(Community.objects.values_list("slug", flat=True))
    rows = []
    for shop in Shop.objects.exclude(pk__in=have).only("pk", "handle", "name"):
        slug = shop.handle.lower()[:40]
        if slug in taken:
            slug = f"shop-{shop.pk}"
        taken.add(slug)
        rows.append(Community(slug=slug, name=shop.name[:80], kind="shop", shop_id=shop.pk))
    Community.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("shops", "0004_shop_shop_handle_lower")]

    operations = [migrations.RunPython(create_shop_communities, migrations.RunPython.noop)]
