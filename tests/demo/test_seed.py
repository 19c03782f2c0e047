"""`manage.py seed_demo`: the demo a newcomer sees after `make run`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from agora.accounts.models import Expertise, Handle, User
from agora.catalog.models import Category, PersonalizationField, Product, Variant
from agora.media.models import MediaAsset
from agora.shops.models import Shop, ShopMember

pytestmark = pytest.mark.django_db

DEMO_HANDLES = ["ana", "lena", "marc", "sofia", "chloe", "yusuf", "mod"]


def seed(*args) -> str:
    out = StringIO()
    # Small images keep the test fast; the drawing and upload code paths are the same.
    call_command("seed_demo", "--image-size", "96", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    models = [User, Handle, Shop, ShopMember, Category, Expertise, Product, Variant]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["PersonalizationField"] = PersonalizationField.objects.count()
    counts["MediaAsset"] = MediaAsset.objects.count()
    return counts


def test_seed_creates_shops_with_their_owners_and_staff():
    seed()

    owners = {
        m.shop.handle: m.user.username
        for m in ShopMember.objects.filter(role=ShopMember.Role.OWNER).select_related(
            "shop", "user"
        )
    }
    assert Shop.objects.count() >= 3
    assert owners["atelier_nord"] == "sofia"
    assert owners["torrefaction"] == "marc"
    assert owners["kinderkram"] == "lena"
    assert Shop.objects.get(handle="kinderkram").language == "de"
    assert set(Shop.objects.values_list("currency", flat=True)) == {"EUR"}
    assert Shop.objects.exclude(logo=None).count() == Shop.objects.count()


def test_seed_creates_people_who_can_sign_in_with_the_demo_password():
    seed()

    assert User.objects.count() >= 12
    for handle in DEMO_HANDLES:
        person = User.objects.get(username=handle)
        assert person.check_password("agora-demo-2026"), handle
        assert person.avatar_id is not None
        assert Handle.objects.filter(name=handle, kind=Handle.Kind.PERSON).exists()
    mod = User.objects.get(username="mod")
    assert mod.is_staff and mod.is_superuser
    assert User.objects.get(username="chloe").is_creator
    yusuf = User.objects.get(username="yusuf")
    assert yusuf.is_expert
    assert Expertise.objects.get(user=yusuf).category.name == "Coffee"
    assert not User.objects.get(username="ana").is_staff


def test_seed_creates_a_catalogue_with_variants_stock_personalization_and_images(
    django_capture_on_commit_callbacks,
):
    # The test runs inside a transaction: run the thumbnail tasks queued for after commit.
    with django_capture_on_commit_callbacks(execute=True):
        output = seed()

    products = Product.objects.all()
    assert products.count() >= 40
    assert products.filter(status=Product.Status.DRAFT).exists()
    assert Category.objects.get(name="Women").parent.name == "Apparel"
    for product in products.prefetch_related("variants", "media"):
        variants = list(product.variants.all())
        assert variants, product.title
        assert sum(v.stock for v in variants) > 0, product.title
        assert product.media.all(), product.title
    assert Variant.objects.aggregate(total=Sum("stock"))["total"] > 1000
    assert Variant.objects.filter(price_amount__isnull=False).exists()  # 1 kg bags cost more
    label = PersonalizationField.objects.get(
        name="Name on the label", product__title="Waffle bath towel"
    )
    assert (label.max_length, label.surcharge_amount) == (12, 300)
    assert set(label.allowed_characters) >= set("AZaz ")
    assert PersonalizationField.objects.filter(name="Embroidered initials").exists()
    angles = set(MediaAsset.objects.filter(product__isnull=False).values_list("angle", flat=True))
    assert angles >= {"front", "back", "detail"}
    assert not MediaAsset.objects.exclude(status=MediaAsset.Status.READY).exists()
    assert all(asset.thumbnails for asset in MediaAsset.objects.all())
    assert "products" in output and "images" in output


def test_second_run_creates_nothing_and_says_so():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "Nothing new" in output


def test_run_without_images_then_with_images_only_adds_the_images():
    seed("--no-images")
    assert not MediaAsset.objects.exists()
    before = snapshot()

    seed()

    after = snapshot()
    assert after.pop("MediaAsset") > 40
    before.pop("MediaAsset")
    assert after == before


def test_seed_refuses_when_demo_seeding_is_disabled(settings):
    settings.AGORA_ALLOW_DEMO_SEED = False

    with pytest.raises(CommandError, match="AGORA_ALLOW_DEMO_SEED"):
        seed()

    assert not User.objects.exists()
    assert not Shop.objects.exists()
