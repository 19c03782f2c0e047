"""`manage.py lint_feeds [--shop handle]`: each active product missing a field a catalog feed
target requires (no photo, zero price, no brand, empty description), per shop, with the
targets that require it and the page to fix it."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from agora.core.urls_util import absolute_url
from agora.reach.selectors.feeds import feed_problems
from agora.shops.models import Shop
from agora.shops.selectors import shop_by_handle


class Command(BaseCommand):
    help = "Lists the products that miss a field Meta, Google or Pinterest requires."

    def add_arguments(self, parser):
        parser.add_argument("--shop", help="Only this shop (its handle).")

    def handle(self, *args, shop=None, **options):
        if shop:
            found = shop_by_handle(shop)
            if found is None:
                raise CommandError(f"No active shop @{shop.lstrip('@')}.")
            shops = [found]
        else:
            shops = list(Shop.objects.filter(is_active=True).order_by("handle"))
        total = 0
        for one in shops:
            findings = feed_problems(one)
            if not findings:
                continue
            self.stdout.write(f"@{one.handle}: {len(findings)} product(s) to fix")
            for finding in findings:
                product = finding.product
                edit = absolute_url(
                    reverse("dashboard:product-edit", args=[one.handle, product.pk])
                )
                self.stdout.write(f"  {product.pk} {product.title}  {edit}")
                for problem in finding.problems:
                    targets = ", ".join(problem.target_labels)
                    left_out = " (left out of the feeds)" if problem.blocking else ""
                    self.stdout.write(f"    - {problem.label}: required by {targets}{left_out}")
            total += len(findings)
        self.stdout.write(f"{total} product(s) to fix.")
