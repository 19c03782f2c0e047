"""Search's query parsing and pages: what a query string asks for, the matching documents of one
kind by full-text or by typo, scored and keyset-paginated (`selectors.search` explains it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from agora.accounts.models import User
from agora.catalog.models import Product
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor, paginate
from agora.discovery.models.search import ALL_LANGUAGES, KINDS, LANGUAGES
from agora.discovery.selectors.browse import (
    Details,
    ProductQuery,
    filtered_products,
    product_query_from,
    products_page,
)
from agora.shops.models import Shop
from agora.social.models import Tag
from agora.social.selectors.posts import visible_posts, with_details

if TYPE_CHECKING:
    from django.db.models import Model

    from agora.core.types import AnyUser

from agora.discovery.selectors.search.text import (
    STOP_WORDS,
    clean_query,
    query_words,
    stem,
    word_forms,
    word_similarity,
)

SORTS = ("relevance", "popular", "newest", "price_asc", "price_desc")
OTHER_SORTS = ("relevance", "newest")  # what posts, people, shops and tags sort by
TYPO_THRESHOLD = 0.6  # pg_trgm's default word_similarity_threshold
SCORE_SCALE = 1_000_000_000


@dataclass(frozen=True)
class SearchQuery:
    """A search: the cleaned text, the kind of result, the sort and (products) the filters."""

    text: str = ""
    kind: str = "products"
    sort: str = "relevance"
    products: ProductQuery = field(default_factory=ProductQuery)

    @property
    def words(self) -> list[str]:
        return query_words(self.text)

    def params(self, **changes: str) -> dict[str, str]:
        """The query string that asks for this again (tabs and pagers keep the filters)."""
        out = {"q": self.text, "type": self.kind}
        if self.kind == "products":
            out.update({k: v for k, v in self.products.params().items() if k != "sort"})
        if self.sort != default_sort(self.kind, self.text):
            out["sort"] = self.sort
        out.update(changes)
        return {k: v for k, v in out.items() if v}


def default_sort(kind: str, text: str) -> str:
    """Relevance when there are words; else products by popularity, the rest newest first."""
    if query_words(text):
        return "relevance"
    return "popular" if kind == "products" else "newest"


@dataclass
class ParsedSearch:
    query: SearchQuery
    errors: dict[str, str] = field(default_factory=dict)


def search_query_from(params: Mapping[str, Any]) -> ParsedSearch:
    """The search in a query string (`q`, `type` or its alias `kind`, `sort`, and for products
    `shop`, `category`, `min_price`, `max_price`, `in_stock`), with one message per invalid
    field. Filters and sorts that don't apply to the kind are ignored."""
    errors: dict[str, str] = {}
    text = clean_query(params.get("q"))
    kind = str(params.get("type") or params.get("kind") or "products").strip().lower()[:20]
    if kind not in KINDS:
        errors["type"] = _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}
        kind = "products"
    sort = str(params.get("sort") or "").strip()[:20] or default_sort(kind, text)
    if sort not in SORTS:
        errors["sort"] = _("Choose one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}
        sort = default_sort(kind, text)
    if sort == "relevance" and not query_words(text):
        sort = default_sort(kind, text)
    products = ProductQuery()
    if kind == "products":
        filters = {k: str(v) for k, v in params.items() if k != "sort" and v is not None}
        if sort != "relevance":
            filters["sort"] = sort
        parsed = product_query_from(filters)
        errors.update(parsed.errors)
        products = parsed.query
    elif sort not in OTHER_SORTS:
        sort = default_sort(kind, text)
    return ParsedSearch(
        query=SearchQuery(text=text, kind=kind, sort=sort, products=products), errors=errors
    )


# --- the engines ------------------------------------------------------------------------------
def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_expression(terms: list[str]) -> str | None:
    """The FTS5 MATCH expression for folded words on SQLite: in each language, every word
    (stop words aside) as that language stems it, in the title or body of a document of that
    language; hashtags (`mul`) in any language. None when no word is left."""
    branches = []
    columns = "{title_stems body_stems}"
    for language in LANGUAGES:
        kept = [w for w in terms if w not in STOP_WORDS[language]]
        if kept:
            each = " AND ".join(_quote(stem(w, language)) for w in kept)
            branches.append(f'(language : "{language}" AND {columns} : ({each}))')
    stop_everywhere = set().union(*STOP_WORDS.values())
    kept = [w for w in terms if w not in stop_everywhere] or terms
    if kept:
        each = " AND ".join(
            "(" + " OR ".join(_quote(f) for f in word_forms(w, ALL_LANGUAGES)) + ")" for w in kept
        )
        branches.append(f'(language : "{ALL_LANGUAGES}" AND {columns} : ({each}))')
    return " OR ".join(branches) or None


def trigram_expression(terms: list[str]) -> str | None:
    """The trigram FTS5 MATCH expression that finds typo candidates on SQLite: any trigram of
    any word of three letters or more. None when there is none."""
    grams = {w[i : i + 3] for w in terms if len(w) >= 3 for i in range(len(w) - 2)}
    return " OR ".join(_quote(g) for g in sorted(grams)) or None


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _sqlite_functions() -> None:
    """Gives this SQLite connection `agora_word_similarity` (deterministic, so usable in
    queries; registering again is harmless)."""
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("agora_word_similarity", 2, word_similarity, deterministic=True)


@dataclass(frozen=True)
class _Match:
    """How documents of one kind match the words: the condition on `sd` (the search
    document's alias) and the score expression, each with its parameters."""

    condition: str
    condition_params: list[Any]
    score: str
    score_params: list[Any]


_PG_CONFIGS = {"en": "english", "fr": "french", "de": "german"}


def _pg_tsquery(language: str) -> str:
    if language == ALL_LANGUAGES:
        configs = ["simple", *_PG_CONFIGS.values()]
        return "(" + " || ".join(f"plainto_tsquery('{c}', %s)" for c in configs) + ")"
    return f"plainto_tsquery('{_PG_CONFIGS[language]}', %s)"


def _exact(terms: list[str]) -> _Match | None:
    text = " ".join(terms)
    if _postgres():
        languages = [*LANGUAGES, ALL_LANGUAGES]
        parts, params = [], []
        cases, case_params = [], []
        for language in languages:
            query = _pg_tsquery(language)
            count = query.count("%s")
            parts.append(f"(sd.language = '{language}' AND sd.tsv @@ {query})")
            params += [text] * count
            cases.append(f"WHEN '{language}' THEN {query}")
            case_params += [text] * count
        return _Match(
            condition="(" + " OR ".join(parts) + ")",
            condition_params=params,
            score=f"ts_rank(sd.tsv, CASE sd.language {' '.join(cases)} END)",
            score_params=case_params,
        )
    expression = fts_expression(terms)
    if expression is None:
        return None
    return _Match(
        condition=(
            "sd.id IN (SELECT rowid FROM discovery_search_fts WHERE discovery_search_fts MATCH %s)"
        ),
        condition_params=[expression],
        # Every match scored by one pass over the index, kept for the statement (a
        # materialized CTE, looked up by an automatic index): matching it again per row read
        # the word's whole list each time, 40 s for a word 10,000 products share.
        score=(
            "(WITH m AS MATERIALIZED (SELECT rowid AS id, "
            "-bm25(discovery_search_fts, 0.0, 10.0, 1.0) AS score FROM discovery_search_fts "
            "WHERE discovery_search_fts MATCH %s) SELECT m.score FROM m WHERE m.id = sd.id)"
        ),
        score_params=[expression],
    )


def _fuzzy(terms: list[str]) -> _Match | None:
    text = " ".join(terms)
    if _postgres():
        if not any(len(w) >= 3 for w in terms):
            return None
        return _Match(
            condition="%s <%% sd.folded_title",
            condition_params=[text],
            score="word_similarity(%s, sd.folded_title)",
            score_params=[text],
        )
    expression = trigram_expression(terms)
    if expression is None:
        return None
    _sqlite_functions()
    return _Match(
        condition=(
            "sd.id IN (SELECT rowid FROM discovery_search_trigram "  # noqa: S608
            "WHERE discovery_search_trigram MATCH %s) "
            f"AND agora_word_similarity(%s, sd.folded_title) >= {TYPO_THRESHOLD}"
        ),
        condition_params=[expression, text],
        score="agora_word_similarity(%s, sd.folded_title)",
        score_params=[text],
    )


# The SQL below is put together from this module's constant fragments only (column and
# configuration names, numbers); the searched words always travel as parameters.
def _any_document(kind: str, match: _Match) -> bool:
    sql = f"SELECT 1 FROM discovery_searchdocument sd WHERE sd.kind = %s AND {match.condition} LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, *match.condition_params])
        return cursor.fetchone() is not None


def _matching(kind: str, terms: list[str]) -> tuple[_Match | None, bool]:
    """The match for the words (None: nothing can match) and whether it is the typo
    fallback. One query: whether any document of the kind matches the words exactly."""
    exact = _exact(terms)
    if exact is not None and _any_document(kind, exact):
        return exact, False
    fuzzy = _fuzzy(terms)
    return (fuzzy, True) if fuzzy is not None else (exact, False)


def _within(kind: str, match: _Match) -> Q:
    sql = f"SELECT sd.object_id FROM discovery_searchdocument sd WHERE sd.kind = %s AND {match.condition}"  # noqa: S608
    return Q(pk__in=RawSQL(sql, [kind, *match.condition_params]))  # noqa: S611


def _score(kind: str, match: _Match, model: type[Model]) -> RawSQL:
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None and pk.column is not None
    outer = f"{quote(model._meta.db_table)}.{quote(pk.column)}"
    integer = "BIGINT" if _postgres() else "INTEGER"
    sql = (
        f"SELECT CAST(COALESCE({match.score}, 0) * {SCORE_SCALE} AS {integer}) "  # noqa: S608
        f"FROM discovery_searchdocument sd WHERE sd.kind = %s AND sd.object_id = {outer}"
    )
    return RawSQL(sql, [*match.score_params, kind])  # noqa: S611


# --- results ----------------------------------------------------------------------------------
@dataclass
class SearchPage(Page):
    """A page of results of one kind; `fuzzy` says they matched by spelling, not by word."""

    kind: str = "products"
    fuzzy: bool = False


def _base(kind: str, viewer: AnyUser | None) -> QuerySet[Any]:
    """What the viewer may see of a kind, with what its card and JSON read."""
    if kind == "posts":
        return with_details(visible_posts(viewer))
    if kind == "people":
        return User.objects.filter(is_active=True).select_related("avatar")
    if kind == "shops":
        return Shop.objects.filter(is_active=True).select_related("logo")
    return Tag.objects.filter(post_count__gt=0)


def _by_score(qs: QuerySet[Any], *, cursor: str | None, size: int) -> Page:
    after = decode_keys(cursor, kind="sr1", size=2)
    qs = qs.order_by("-_score", "-pk")
    if after is not None:
        score, pk = after
        qs = qs.filter(Q(_score__lt=score) | Q(_score=score, pk__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last._score, last.pk, kind="sr1") if more and last else None
    return Page(items=rows, next_cursor=next_cursor)


def _cards_by_score(
    qs: QuerySet[Product], *, cursor: str | None, size: int, viewer: AnyUser | None
) -> Page:
    """`_by_score` of products as listing cards: the page's ids and scores (one query), then
    their cards as the listings read them (two), in the order of the scores."""
    ranked = _by_score(
        qs.prefetch_related(None).select_related(None).only("pk"), cursor=cursor, size=size
    )
    ids = [product.pk for product in ranked.items]
    if not ids:
        return ranked
    cards = products_page(
        ProductQuery(sort="newest"),
        cursor=None,
        limit=len(ids),
        viewer=viewer,
        details="card",
        within=Q(pk__in=ids),
    ).items
    found = {card.pk: card for card in cards}
    # A product gone between the two reads is left out; the cursor still follows the scores.
    return Page(items=[found[pk] for pk in ids if pk in found], next_cursor=ranked.next_cursor)


def search_page(
    query: SearchQuery,
    *,
    viewer: AnyUser | None = None,
    cursor: str | None = None,
    limit: int | str | None = None,
    details: Details = "full",
) -> SearchPage:
    """One page of what the viewer may see of the query's kind that matches its words, with
    its filters, in its sort. No query: the kind's visible objects in the sort (a query of
    punctuation only finds nothing). Queries: see
    the module docstring (constant, whatever the page size or depth). Products come as
    `details` says (`products_page`): Product instances ("full") or listing cards ("card");
    the other kinds as model instances."""
    size = clamp_limit(limit)
    terms = query.words
    match, fuzzy = _matching(query.kind, terms) if terms else (None, False)
    if (terms and match is None) or (query.text and not terms):  # "*", '"': nothing to find
        return SearchPage(items=[], next_cursor=None, kind=query.kind)
    within = _within(query.kind, match) if match is not None else None
    if query.kind == "products":
        if query.sort == "relevance" and match is not None:
            qs = filtered_products(query.products, viewer=viewer).filter(within)
            qs = qs.annotate(_score=_score(query.kind, match, Product))
            if details == "card":
                page = _cards_by_score(qs, cursor=cursor, size=size, viewer=viewer)
            else:
                page = _by_score(qs, cursor=cursor, size=size)
        else:
            page = products_page(
                query.products,
                cursor=cursor,
                limit=size,
                viewer=viewer,
                within=within,
                details=details,
            )
    else:
        qs = _base(query.kind, viewer)
        if within is not None:
            qs = qs.filter(within)
        if query.sort == "relevance" and match is not None:
            qs = qs.annotate(_score=_score(query.kind, match, qs.model))
            page = _by_score(qs, cursor=cursor, size=size)
        else:
            page = paginate(qs, cursor=cursor, limit=size)
    return SearchPage(items=page.items, next_cursor=page.next_cursor, kind=query.kind, fuzzy=fuzzy)
