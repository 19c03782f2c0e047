"""Search reads: what a query string asks for, and one page of what matches it.

Words. A query is cleaned (control characters and NUL removed, at most `MAX_QUERY_LENGTH`
characters and `MAX_QUERY_WORDS` words), accent-folded and lowercased. Its language is not
known, so it is read in English, French and German at once: a document matches when all the
query's words (stop words aside) match in the document's own language (hashtags, `mul`, in any
of the three). "chaussures" finds "chaussure" in a French shop, "Taschen" finds "Tasche" in a
German one, "cafe" finds "café".

Engines. PostgreSQL reads the trigger-kept `tsv` column (`plainto_tsquery` per configuration,
`ts_rank`), SQLite the FTS5 table of Snowball stems (`bm25`); see `models.search`. The query's
words only ever travel as bound parameters; FTS5's MATCH expression is built from the folded
words, each quoted, so `"`, `*`, `NEAR(` or `' OR 1=1 --` are plain words.

Typos. When no document of the asked kind matches the words, the same search runs on titles by
trigram similarity instead (`pg_trgm`'s `word_similarity` and its `<%` operator at its default
0.6 threshold on PostgreSQL; SQLite's trigram FTS5 table finds the candidates and
`agora_word_similarity`, the same measure in Python, keeps those at 0.6 or more): "leathr"
finds "leather". That check is one query, whatever the filters.

Results are always read through the owning apps' visibility selectors (active products of
active shops, posts the viewer may see, active people and shops, tags in use), with filters and
sorts: products take browse's filters and sorts plus `relevance`; the other kinds sort by
`relevance` or `newest`, and product filters don't apply to them. Pages are keyset-paginated on
the sort's keys (the relevance score is scaled to an integer so the cursor holds it exactly).
Queries per page: the typo check (when there are words), the page, the kind's prefetches, plus
the shop and category look-ups of the filters given.
"""

from agora.discovery.selectors.search.pages import (
    OTHER_SORTS,
    SORTS,
    SearchPage,
    SearchQuery,
    search_page,
    search_query_from,
)
from agora.discovery.selectors.search.text import document_stems, fold, words

__all__ = [
    "OTHER_SORTS",
    "SORTS",
    "SearchPage",
    "SearchQuery",
    "document_stems",
    "fold",
    "search_page",
    "search_query_from",
    "words",
]
