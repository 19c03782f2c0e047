"""Comment-to-buy: "SOLD M" under a shop's post holds one M for the commenter.

A post with a keyword (Post.comment_to_buy_keyword, e.g. SOLD) and exactly one tagged product
turns comments that start with the keyword into holds: the words after it are matched against
the product's option values (case- and accent-insensitive; option names like size/taille/Größe
and a few filler words are ignored; colours match across English, French and German). Exactly
one matching variant in stock gets a hold (one unit, services.holds), goes into the commenter's
cart and the shop answers in the comment thread, in the shop's language; an ambiguous, sold-out
or unknown choice gets an answer saying why. Everything happens in the transaction that creates
the comment, so the hold is final when the comment's request answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.catalog.models import Product, Variant
from agora.catalog.options import option_lines
from agora.commerce.models import Cart, Hold
from agora.commerce.services.cart import cart_for, cart_line_add
from agora.commerce.services.holds import active_hold_for, hold_create, hold_expire
from agora.core.errors import DomainError
from agora.core.urls_util import absolute_url
from agora.shops.selectors import can_manage
from agora.social.models import Comment, Notification, Post
from agora.social.services.comments import comment_reply_create
from agora.social.services.notifications import notify

if TYPE_CHECKING:
    from agora.accounts.models import User

DEFAULT_KEYWORD = "SOLD"
KEYWORD_MAX_LENGTH = 20

# Option names people write before a value ("SOLD taille M", "sold Größe 104"): ignored.
OPTION_NAMES = {
    "size", "sizes", "taille", "tailles", "pointure", "grosse", "groesse", "gr", "konfektion",
    "color", "colors", "colour", "colours", "couleur", "couleurs", "farbe", "farben",
    "age", "alter", "model", "modele", "modell", "style", "variant", "variante", "option",
}  # fmt: skip
FILLER = {
    "a", "an", "the", "in", "one", "for", "me", "please", "pls", "thanks", "i", "take",
    "un", "une", "le", "la", "en", "pour", "moi", "merci", "svp", "stp", "je", "prends",
    "ein", "eine", "fur", "mich", "bitte", "danke", "ich", "nehme",
}  # fmt: skip
# Colours match across languages: a French "bleu" finds an English "blue" variant.
COLOR_GROUPS = [
    {"blue", "bleu", "bleue", "blau"},
    {"red", "rouge", "rot"},
    {"green", "vert", "verte", "grun", "gruen"},
    {"black", "noir", "noire", "schwarz"},
    {"white", "blanc", "blanche", "weiss"},
    {"yellow", "jaune", "gelb"},
    {"pink", "rose", "rosa"},
    {"grey", "gray", "gris", "grise", "grau"},
    {"brown", "marron", "brun", "braun"},
    {"purple", "violet", "violette", "lila"},
    {"navy", "marine"},
]
_SYNONYMS = {word: group for group in COLOR_GROUPS for word in group}
_GAP = "\x00"


def normalize(value: str) -> str:
    """Casefolded, without accents (ß → ss, ö → o), whitespace collapsed."""
    value = unicodedata.normalize("NFKD", str(value).casefold())
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(value.split())


def keyword_clean(value: object) -> str:
    """The keyword a post stores: `true` → SOLD, `{"keyword": "x"}` → x, false/None → off."""
    if value is True:
        return DEFAULT_KEYWORD
    if isinstance(value, dict):
        value = value.get("keyword")
    if not value:
        return ""
    return " ".join(str(value).split())[:KEYWORD_MAX_LENGTH]


def after_keyword(text: str, keyword: str) -> str | None:
    """The normalized words after the keyword when the comment starts with it, else None.
    "Sold: M" → "m"; "soldier" is not "sold"."""
    text, keyword = normalize(text), normalize(keyword)
    if not keyword or not text.startswith(keyword):
        return None
    rest = text[len(keyword) :]
    if rest and (rest[0].isalnum() or rest[0] == "_"):
        return None
    return rest


@dataclass
class Match:
    """Which variants the words point at. `mentioned` is False when no value was named."""

    variants: list[Variant]
    mentioned: bool
    unknown_words: list[str] = field(default_factory=list)


def _words(rest: str) -> str:
    words = [w.strip(".-") for w in re.split(r"[\s,;:!?()\[\]\"'+&]+", rest)]
    return " " + " ".join(w for w in words if w) + " "


def match_variants(rest: str, variants: list[Variant], option_names: Iterable[str] = ()) -> Match:
    """The variants whose option values include every value named in `rest` (see after_keyword).
    Values are matched as whole words, longest first ("XL" is not "L"); colours across en/fr/de."""
    values = {normalize(v) for variant in variants for v in variant.options.values()}
    phrases: dict[str, str] = {}
    for value in values:
        phrases[value] = value
        for synonym in _SYNONYMS.get(value, ()):
            phrases.setdefault(synonym, value)
    padded = _words(rest)
    named: set[str] = set()
    for phrase in sorted(phrases, key=len, reverse=True):
        needle = f" {phrase} "
        if needle in padded:
            named.add(phrases[phrase])
            padded = padded.replace(needle, f" {_GAP} ")
    ignored = OPTION_NAMES | FILLER | {normalize(n) for n in option_names}
    unknown = [w for w in padded.split() if w != _GAP and w not in ignored]
    chosen = [v for v in variants if named <= {normalize(value) for value in v.options.values()}]
    return Match(variants=chosen, mentioned=bool(named), unknown_words=unknown)


@dataclass
class Outcome:
    """What a comment did: held | already_held | ambiguous | sold_out | no_match | refused."""

    kind: str
    reply: Comment | None = None
    hold: Hold | None = None
    variant: Variant | None = None
    reason: str = ""


def _option_names(product: Product) -> list[str]:
    names = [o.get("name", "") for o in product.options or [] if isinstance(o, dict)]
    return names or list(dict.fromkeys(n for v in product.variants.all() for n in v.options))


def _ordered(variant: Variant, names: list[str]) -> list[tuple[str, str]]:
    """The variant's (name, value) pairs in the product's option order (PostgreSQL's jsonb
    doesn't keep the order of a variant's keys)."""
    options = variant.options or {}
    order = [n for n in names if n in options] + sorted(n for n in options if n not in names)
    return [(str(n), str(options[n])) for n in order]


def _labels(variants: list[Variant], names: list[str]) -> str:
    """ "blue / S, blue / M" """
    return ", ".join(" / ".join(v for _n, v in _ordered(x, names)) or x.sku for x in variants)


def _values_text(variants: list[Variant], names: list[str]) -> str:
    """ "Color: blue, red; Size: S, M" from the variants on sale, the option names and the
    separator in the active language ("Couleur : bleu, rouge")."""
    by_name: dict[str, list[str]] = {}
    for variant in variants:
        for name, value in _ordered(variant, names):
            values = by_name.setdefault(name, [])
            if value not in values:
                values.append(value)
    return "; ".join(option_lines({name: ", ".join(values) for name, values in by_name.items()}))


def comment_to_buy_handle(*, comment: Comment, post: Post) -> Outcome | None:
    """Turns a comment that starts with the post's keyword into a hold, or into an answer saying
    why not. Runs inside the transaction that creates the comment (so a hold and its cart line
    are written, or not, with it). Idempotent per (person, post, variant): a second "SOLD M"
    while the first hold is active makes no second hold. None when the comment isn't an order
    (no keyword, not exactly one tagged product, or written by the shop's team)."""
    keyword = post.comment_to_buy_keyword
    rest = after_keyword(comment.text, keyword) if keyword else None
    if rest is None or post.author.kind != "shop":
        return None
    products = list(post.products.select_related("shop")[:2])
    if len(products) != 1:
        return None
    product = products[0]
    shop = product.shop
    user = comment.author
    if can_manage(shop=shop, user=user):
        return None
    variants = list(Variant.objects.filter(product=product).order_by("position", "pk"))
    names = _option_names(product)
    match = match_variants(rest, variants, names)
    with translation.override(shop.language or "en"):
        outcome = _decide(comment=comment, post=post, product=product, match=match)
        text = _reply_text(outcome, comment=comment, post=post, product=product, names=names)
        outcome.reply = _reply(comment=comment, post=post, text=text)
    return outcome


def _decide(*, comment: Comment, post: Post, product: Product, match: Match) -> Outcome:
    sellable = product.status == Product.Status.ACTIVE and product.shop.is_active
    if not sellable:
        return Outcome("sold_out")
    single = not match.mentioned and len(match.variants) == 1  # one variant: any words do
    if not match.variants or (not match.mentioned and match.unknown_words and not single):
        return Outcome("no_match")
    in_stock = [v for v in match.variants if v.available >= 1]
    if not match.mentioned and len(match.variants) > 1:
        return Outcome("ambiguous" if in_stock else "sold_out")
    if not in_stock:
        return Outcome("sold_out", variant=match.variants[0])
    if len(in_stock) > 1:
        return Outcome("ambiguous")
    return _hold(user=comment.author, post=post, comment=comment, variant=in_stock[0])


def _hold(*, user: User, post: Post, comment: Comment, variant: Variant) -> Outcome:
    cart = cart_for(user=user)
    # Locks the person's cart row on PostgreSQL (SQLite writes one at a time anyway), so two
    # simultaneous "SOLD M" by one person queue here and the second sees the first's hold.
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    existing = active_hold_for(user=user, variant=variant, post=post)
    if existing is not None:
        return Outcome("already_held", hold=existing, variant=variant)
    stale = Hold.objects.filter(
        user=user, variant=variant, post=post, status=Hold.Status.ACTIVE
    ).first()
    if stale is not None:
        hold_expire(hold=stale)
    try:
        with transaction.atomic():
            hold = hold_create(user=user, variant=variant, post=post, comment=comment)
            if hold is None:
                return Outcome("sold_out", variant=variant)
            cart_line_add(cart=cart, variant=variant, quantity=1, post=post, hold=hold, user=user)
    except DomainError as error:
        # E.g. a cart in another currency: nothing was reserved (the savepoint rolled back).
        return Outcome("refused", variant=variant, reason=error.message)
    return Outcome("held", hold=hold, variant=variant)


def _reply_text(
    outcome: Outcome, *, comment: Comment, post: Post, product: Product, names: list[str]
) -> str:
    variants = list(Variant.objects.filter(product=product).order_by("position", "pk"))
    on_sale = [v for v in variants if v.available >= 1]
    mention = f"@{comment.author.username}"
    held, variant = outcome.hold, outcome.variant  # set for every held outcome
    if outcome.kind in {"held", "already_held"} and held is not None and variant is not None:
        minutes = max(1, round((held.expires_at - timezone.now()).total_seconds() / 60))
        return _(
            "%(who)s Reserved for you for %(minutes)d minutes: %(item)s. Check out here: %(url)s"
        ) % {
            "who": mention,
            "minutes": minutes,
            "item": f"{product.title} ({_labels([variant], names)})",
            "url": absolute_url(reverse("commerce_web:cart")),
        }
    if outcome.kind == "ambiguous":
        return _(
            "%(who)s Which one would you like? Comment %(keyword)s with one of: %(options)s"
        ) % {
            "who": mention,
            "keyword": post.comment_to_buy_keyword,
            "options": _labels(on_sale, names),
        }
    if outcome.kind == "sold_out":
        return _("%(who)s Sold out, sorry!") % {"who": mention}
    if outcome.kind == "refused":
        return f"{mention} {outcome.reason}"
    return _("%(who)s We don't have that one. Available: %(values)s") % {
        "who": mention,
        "values": _values_text(on_sale, names) or _("nothing right now"),
    }


def _reply(*, comment: Comment, post: Post, text: str) -> Comment:
    """The shop answers in the thread (written by the person who published the post for it)
    and the commenter is notified by the shop."""
    reply = comment_reply_create(
        post=post, author=post.created_by, parent=comment.parent or comment, text=text[:1000]
    )
    commenter = comment.author.actor
    if commenter is not None:
        notify(
            recipients_of=commenter,
            kind=Notification.Kind.REPLY,
            actor=post.author,
            post=post,
            comment=reply,
        )
    return reply
