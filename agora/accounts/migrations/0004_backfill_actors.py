from django.db import migrations
from django.db.models.functions import Lower


def backfill(apps, schema_editor):
    Handle = apps.get_model("accounts", "Handle")
    User = apps.get_model("accounts", "User")
    Shop = apps.get_model("shops", "Shop")
    for model, field, kind in ((User, "username", "person"), (Shop, "handle", "shop")):
        for obj in model.objects.filter(actor__isnull=True):
            name = getattr(obj, field)
            handle = Handle.objects.annotate(l=Lower("name")).filter(l=name.lower()).first()
            if handle is None:
                handle = Handle.objects.create(name=name, kind=kind)
            obj.actor = handle
            obj.save(update_fields=["actor"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_actor"),
        ("shops", "0002_shop_actor"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
