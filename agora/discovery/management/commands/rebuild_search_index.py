"""`manage.py rebuild_search_index`: writes the search index anew from the current data (for
data that existed before search, or after a bulk import that went around the services). Saves
through the services keep it current on their own."""

from django.core.management.base import BaseCommand

from agora.discovery.services.search import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuilds the search index (products, posts, people, shops, hashtags)."

    def handle(self, *args, **options) -> None:
        added, kept = search_index_rebuild()
        self.stdout.write(f"Search index: {added + kept} rows ({added} new).")
