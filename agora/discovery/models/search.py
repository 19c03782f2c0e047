"""Search: one index row per public product, post, person, shop and hashtag.

`SearchDocument` is kept by `services.search` from the lower apps' hooks, inside the
transaction that saved the object, so a product or post is found as soon as its save returns.
The database's own engine reads it:

- PostgreSQL: a `tsv` column (not a model field: added by migration `0003_search`) filled by a
  trigger from `title` (weight A) and `body` (weight B) with the `english`/`french`/`german`
  configuration of the row's `language` over `unaccent()`, a GIN index on it, and a `pg_trgm`
  GIN index on `folded_title` for typos. `mul` rows (hashtags, whose language is unknown) are
  read in all three configurations.
- SQLite: FTS5 has no French or German stemmer, so `title_stems` and `body_stems` hold the
  words of the title and body accent-folded and stemmed in Python (Snowball) for the row's language (all three for
  `mul`); an external-content FTS5 table `discovery_search_fts(language, title_stems, body_stems)` and a trigram
  FTS5 table `discovery_search_trigram(folded_title)` follow the rows through triggers.

Rows only say where to look: every answer is read again through the owning app's visibility
selectors, so a stale row never shows anything its viewer may not see.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = ("products", "posts", "people", "shops", "tags")
LANGUAGES = ("en", "fr", "de")
ALL_LANGUAGES = "mul"  # ISO 639-2 "multiple languages": hashtags


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        PRODUCTS = "products", "products"
        POSTS = "posts", "posts"
        PEOPLE = "people", "people"
        SHOPS = "shops", "shops"
        TAGS = "tags", "tags"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=3, default="en")  # en, fr, de or mul
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    folded_title = models.CharField(max_length=300, blank=True)  # lowercased, accents removed
    # What SQLite's FTS5 reads (see the module docstring).
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    shop_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:40]}"
