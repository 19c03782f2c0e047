"""Demo reviews: verified ones from the demo's paid orders and others from people who did not
buy, some with photos, a shop's reply and "helpful" votes. Idempotent: a review already there
is kept as it is."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from agora.catalog.models import Product
from agora.community.models import Review
from agora.community.services.reviews import (
    review_create,
    review_helpful_set,
    review_reply_create,
)
from agora.demo.images import product_image
from agora.demo.products import PRODUCTS, product_color
from agora.media.services import media_upload

# author, product title, rating, title, text, photos (angles of the product's own drawing)
REVIEWS = [
    ("ana", "Robe portefeuille en lin", 5, "My summer dress",
     "The linen is soft from the first wash and the wrap stays put. True to size.",
     ["front", "detail"]),
    ("noah", "Latzhose aus Cord", 5, "Robust und weich",
     "Hält jeden Spielplatz aus, die Knöpfe gehen leicht auf. Eine Nummer größer bestellt.",
     ["front"]),
    ("noah", "Strickmütze mit Bommel", 4, "Warm, kratzt nicht",
     "Sehr schöne Wolle. Der Bommel ist etwas klein.", []),
    ("chloe", "Robe portefeuille en lin", 4, "Belle coupe",
     "Essayée en boutique : la coupe est flatteuse, le lin un peu transparent en blanc.", []),
    ("emma", "Robe portefeuille en lin", 3, "Lovely but creases",
     "Beautiful colour. It creases a lot, as linen does.", []),
    ("yusuf", "Éthiopie Yirgacheffe", 5, "Textbook washed Yirgacheffe",
     "Jasmine and bergamot, tea-like body. Best at 93 °C, 1:16, 3 minutes.", ["front"]),
    ("lucas", "Éthiopie Yirgacheffe", 4, "Très floral",
     "Excellent en V60, un peu acide en espresso.", []),
    ("paul", "Moulin manuel C40", 5, "Worth every cent",
     "Consistent grind from espresso to French press.", ["detail"]),
    ("mia", "Musselin-Kleid", 4, "Luftig",
     "Perfekt für heiße Tage, wird mit jeder Wäsche weicher.", []),
]  # fmt: skip
REPLY = ("atelier_nord", "Robe portefeuille en lin", "emma",
         "Thank you Emma! A cool iron on the reverse side keeps the creases away.")  # fmt: skip
HELPFUL = [("chloe", "ana"), ("emma", "ana"), ("lucas", "yusuf"), ("marc", "yusuf")]


def _spec(title: str) -> dict | None:
    return next((p for p in PRODUCTS if p["title"] == title), None)


def _photos(seeder, author, title: str, angles: list[str]) -> list[int]:
    spec = _spec(title)
    if spec is None or not seeder.images:
        return []
    ids = []
    for angle in angles:
        jpeg = product_image(
            title=spec["title"],
            brand=spec["brand"],
            shape=spec["shape"],
            color=product_color(spec),
            angle=angle,
            stripes=spec["stripes"],
            label_text=spec["label"],
            size=min(seeder.image_size, 800),
        )
        upload = SimpleUploadedFile(f"review-{angle}.jpg", jpeg, content_type="image/jpeg")
        ids.append(media_upload(uploader=author, file=upload, alt=f"{title}, {angle}").pk)
    return ids


def seed_reviews(seeder) -> tuple[int, int]:
    """The demo's reviews (verified where the demo's orders were paid), a reply and votes."""
    made = existing = 0
    products = {p.title: p for p in Product.objects.filter(status=Product.Status.ACTIVE)}
    for handle, title, rating, heading, text, angles in REVIEWS:
        author, product = seeder.users.get(handle), products.get(title)
        if author is None or product is None:
            continue
        if Review.objects.filter(author=author, product=product).exists():
            existing += 1
            continue
        photos = _photos(seeder, author, title, angles)  # each upload commits on its own
        with transaction.atomic():
            review_create(
                author=author,
                product_id=product.pk,
                rating=rating,
                title=heading,
                text=text,
                media_ids=photos,
            )
        made += 1
    shop_handle, title, author_handle, text = REPLY
    owner = seeder.shops[shop_handle][1] if shop_handle in seeder.shops else None
    target = Review.objects.filter(
        product__title=title, author__username=author_handle, reply__isnull=True
    ).first()
    if owner is not None and target is not None:
        review_reply_create(user=owner, review=target, text=text)
        made += 1
    for voter, author_handle in HELPFUL:
        for review in Review.objects.filter(author__username=author_handle):
            if (
                seeder.users.get(voter) is not None
                and not review.votes.filter(person=seeder.users[voter]).exists()
            ):
                review_helpful_set(user=seeder.users[voter], review=review)
                made += 1
    return made, existing
