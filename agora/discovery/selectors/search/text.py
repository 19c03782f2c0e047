"""Search's words: cleaning a query, accent folding, stop words, Snowball stems per language and
the trigram word similarity SQLite lacks (`selectors.search` explains the design)."""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

import snowballstemmer

from agora.discovery.models.search import ALL_LANGUAGES, LANGUAGES

if TYPE_CHECKING:
    pass

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40

_STEMMER_NAMES = {"en": "english", "fr": "french", "de": "german"}
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The commonest words of each language, dropped from queries (PostgreSQL drops its own longer
# lists; on SQLite a kept "the" would have to be in the document).
STOP_WORDS = {
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "in",
            "into",
            "is",
            "it",
            "its",
            "of",
            "on",
            "or",
            "our",
            "the",
            "to",
            "with",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "d",
            "de",
            "des",
            "du",
            "en",
            "et",
            "l",
            "la",
            "le",
            "les",
            "ou",
            "par",
            "pour",
            "sur",
            "un",
            "une",
        ]
    ),
    "de": frozenset(
        [
            "am",
            "an",
            "auf",
            "aus",
            "das",
            "dem",
            "den",
            "der",
            "des",
            "die",
            "ein",
            "eine",
            "einen",
            "für",
            "im",
            "in",
            "mit",
            "und",
            "von",
            "zu",
            "zum",
        ]
    ),
}


# --- words ------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Lowercased (casefolded: ß → ss) with accents removed: "Café" → "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits; `_` and punctuation separate words, as
    FTS5's and PostgreSQL's parsers do)."""
    return _WORD.findall(fold(text or ""))


_local = threading.local()


def _stemmer(language: str) -> Any:
    stemmers: dict[str, Any] = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return stemmers[language]


def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word in `language` (en, fr, de)."""
    return str(_stemmer(language).stemWord(word))


def word_forms(word: str, language: str) -> list[str]:
    """What a folded word is indexed as in a document of `language`: its stem, or for `mul`
    (hashtags) the word and its stem in each language."""
    if language == ALL_LANGUAGES:
        return list(dict.fromkeys([word, *(stem(word, lang) for lang in LANGUAGES)]))
    return [stem(word, language if language in LANGUAGES else "en")]


def document_stems(text: str, language: str) -> str:
    """The words of `text` as SQLite's FTS5 table indexes them for a `language` document."""
    return " ".join(form for word in words(text) for form in word_forms(word, language))


def clean_query(raw: str | None) -> str:
    """The query as searched: control characters and NUL gone, spaces collapsed, capped."""
    text = _CONTROL.sub(" ", str(raw or ""))[: MAX_QUERY_LENGTH * 2]
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_words(text: str) -> list[str]:
    """The folded words searched for (at most `MAX_QUERY_WORDS`, each capped)."""
    return [w[:MAX_WORD_LENGTH] for w in words(text)][:MAX_QUERY_WORDS]


def _trigrams(word: str) -> list[str]:
    padded = f"  {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's `word_similarity(query, text)`: the best similarity between the query's
    trigrams and a continuous extent of the text's ordered trigrams, shared / (query's + the
    extent's - shared). Used on SQLite for typos (0.0 when either has no word)."""
    wanted = {t for w in words(query or "") for t in _trigrams(w)}
    ordered = [t for w in words(text or "") for t in _trigrams(w)]
    if not wanted or not ordered:
        return 0.0
    hits = [i for i, t in enumerate(ordered) if t in wanted]
    best = 0.0
    for start in hits:  # a best extent starts and ends on shared trigrams
        seen: set[str] = set()
        for end in range(start, len(ordered)):
            seen.add(ordered[end])
            if ordered[end] in wanted:
                shared = len(seen & wanted)
                best = max(best, shared / (len(wanted) + len(seen) - shared))
    return best


# --- what was asked ---------------------------------------------------------------------------
