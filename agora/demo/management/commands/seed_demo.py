"""`manage.py seed_demo`: the demo shops, people, products and images. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agora.demo.seed import Seeder


class Command(BaseCommand):
    help = (
        "Fill the database with the demo: 4 shops, 15 people (password agora-demo-2026), "
        "44 products with variants, personalization and images; follows, 47 posts (photos, "
        "product tags, hashtags, mentions), likes, comments and reposts. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-images",
            dest="images",
            action="store_false",
            help="Skip images, and the photo posts (a later run with images adds both).",
        )
        parser.add_argument(
            "--image-size",
            type=int,
            default=1200,
            help="Width and height of product images in pixels (default 1200).",
        )

    def handle(self, *args, images=True, image_size=1200, **options):
        if not settings.AGORA_ALLOW_DEMO_SEED:
            raise CommandError(
                "seed_demo is disabled here: AGORA_ALLOW_DEMO_SEED is off, as it is by default "
                "with AGORA_ENV=production. Demo accounts share a public password; set "
                "AGORA_ALLOW_DEMO_SEED=1 only on a throwaway instance."
            )
        if not 64 <= image_size <= 4000:
            raise CommandError("--image-size must be between 64 and 4000 pixels.")
        self.stdout.write("Seeding the demo…")
        Seeder(images=images, image_size=image_size, report=self.stdout.write).run()
