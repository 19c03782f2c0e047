"""The incremental refresh of the trending scores from the engagement events: batches after
the watermark, distinct accounts, decay as heat (`services.trending` explains the design)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import connection, models, transaction
from django.db.models import Field, Max
from django.utils import timezone

from agora.analytics.models import Event
from agora.catalog.models import Product
from agora.core.watermarks import watermark_read
from agora.discovery.models import (
    HEAT_SCALE,
    NO_HEAT,
    PostTrend,
    ProductTrend,
    TagTrend,
    TrendAccount,
    TrendWatermark,
)
from agora.discovery.models.trending import Trend
from agora.discovery.selectors.trending import half_lives_since_epoch
from agora.discovery.services.trending.popular import cooled_categories, popular_recompute
from agora.shops.models import ShopMember
from agora.social.models import Post, PostProduct, PostTag

COUNTED_KINDS = ("like", "comment", "repost", "share", "share_click", "post")
BATCH = 1000  # counted events per transaction
WINDOW = 50_000  # event ids looked at per batch (views and the rest are skipped in SQL)
MAX_BATCHES = 100  # per refresh run; the next run goes on
SETTLE = timedelta(seconds=10)
PROBE = 500  # (object, account) pairs inserted per statement

Key = tuple[str, int]  # (TrendAccount kind, object id)


def heat_add(heat: int, times: Iterable[datetime]) -> int:
    """`heat` with one account of weight 1 added at each of `times` (log-sum-exp, so no
    power of two ever overflows a float)."""
    exponents = [half_lives_since_epoch(t) for t in times]
    if heat != NO_HEAT:
        exponents.append(heat / HEAT_SCALE)
    if not exponents:
        return heat
    top = max(exponents)
    total = sum(2.0 ** (e - top) for e in exponents)
    return round((top + math.log2(total)) * HEAT_SCALE)


# --- the refresh ---------------------------------------------------------------------------


@dataclass
class RefreshResult:
    """What a refresh did: `events` counted events read, `accounts` new (object, account)
    pairs, rows touched per kind, `categories` whose labels were recomputed, and `busy` when
    another worker held the watermark."""

    events: int = 0
    batches: int = 0
    accounts: int = 0
    products: int = 0
    posts: int = 0
    tags: int = 0
    categories: int = 0
    busy: bool = False
    touched_categories: set[int | None] = field(default_factory=set, repr=False)


def _watermark() -> int:
    return watermark_read(TrendWatermark)


@dataclass
class _Row:
    pk: int
    kind: str
    actor_id: int
    object_type: str
    object_id: int
    created_at: datetime


def _read_batch(start: int, *, size: int, cutoff: datetime) -> tuple[list[_Row], int]:
    """The settled counted events after `start` and the id the watermark may move to."""
    window = Event.objects.filter(pk__gt=start, pk__lte=start + WINDOW)
    rows = [
        _Row(*values)
        for values in window.filter(
            kind__in=COUNTED_KINDS, object_type__in=("post", "product"), actor__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "kind", "actor_id", "object_type", "object_id", "created_at")[:size]
    ]
    if len(rows) == size:
        end = rows[-1].pk
    else:  # the window's settled end: events older than the cutoff, whatever their kind
        settled: int | None = window.filter(created_at__lte=cutoff).aggregate(last=Max("pk"))[
            "last"
        ]
        if settled is None and not window.exists():
            settled = _past_gap(start, cutoff)
        end = settled or start
    for i, row in enumerate(rows):
        if row.pk > end or row.created_at > cutoff:
            end = min(end, row.pk - 1)
            rows = rows[:i]
            break
    return rows, max(end, start)


def _past_gap(start: int, cutoff: datetime) -> int | None:
    """For a window with no event at all (ids left unused by rolled-back transactions or a
    restored database): the id just before the next settled event, so the watermark steps over
    the gap instead of stopping at it for good."""
    following = (
        Event.objects.filter(pk__gt=start + WINDOW)
        .order_by("pk")
        .values_list("pk", "created_at")
        .first()
    )
    if following is None or following[1] > cutoff:
        return None
    return following[0] - 1


@dataclass
class _Context:
    """What a batch's events point at, read in one query each."""

    post_team: dict[int, set[int]] = field(default_factory=dict)  # post -> its own team
    post_products: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    post_tags: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    product_shop: dict[int, int] = field(default_factory=dict)
    product_category: dict[int, int | None] = field(default_factory=dict)
    staff: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _context(rows: list[_Row]) -> _Context:
    ctx = _Context()
    post_ids = {r.object_id for r in rows if r.object_type == "post"}
    product_ids = {r.object_id for r in rows if r.object_type == "product"}
    post_shop: dict[int, int | None] = {}
    post_writer: dict[int, int] = {}
    if post_ids:
        for pk, writer, shop_id in Post.objects.filter(pk__in=post_ids).values_list(
            "pk", "created_by_id", "author__shop__id"
        ):
            post_writer[pk], post_shop[pk] = writer, shop_id
        for post_id, product_id in PostProduct.objects.filter(post_id__in=post_ids).values_list(
            "post_id", "product_id"
        ):
            ctx.post_products[post_id].append(product_id)
            product_ids.add(product_id)
        for post_id, tag_id in PostTag.objects.filter(post_id__in=post_ids).values_list(
            "post_id", "tag_id"
        ):
            ctx.post_tags[post_id].append(tag_id)
    if product_ids:
        for pk, shop_id, category_id in Product.objects.filter(pk__in=product_ids).values_list(
            "pk", "shop_id", "category_id"
        ):
            ctx.product_shop[pk], ctx.product_category[pk] = shop_id, category_id
    shop_ids = {s for s in post_shop.values() if s is not None} | set(ctx.product_shop.values())
    if shop_ids:
        for shop_id, user_id in ShopMember.objects.filter(shop_id__in=shop_ids).values_list(
            "shop_id", "user_id"
        ):
            ctx.staff[shop_id].add(user_id)
    for pk, writer in post_writer.items():
        author_shop = post_shop[pk]
        team = ctx.staff[author_shop] if author_shop is not None else set()
        ctx.post_team[pk] = {writer} | team
    return ctx


def _targets(row: _Row, ctx: _Context) -> list[Key]:
    """What this event counts its actor towards (see the module docstring)."""
    account = row.actor_id
    if row.object_type == "product":
        shop_id = ctx.product_shop.get(row.object_id)
        if shop_id is None or account in ctx.staff[shop_id]:
            return []
        return [(TrendAccount.Kind.PRODUCT, row.object_id)]
    team = ctx.post_team.get(row.object_id)
    if team is None:  # the post is gone
        return []
    writing = row.kind == "post"
    if account in team and not writing:
        return []
    out: list[Key] = [] if writing else [(TrendAccount.Kind.POST, row.object_id)]
    for product_id in ctx.post_products.get(row.object_id, ()):
        shop_id = ctx.product_shop.get(product_id)
        if shop_id is not None and account not in ctx.staff[shop_id]:
            out.append((TrendAccount.Kind.PRODUCT, product_id))
    out += [(TrendAccount.Kind.TAG, tag_id) for tag_id in ctx.post_tags.get(row.object_id, ())]
    return out


def _new_accounts(rows: list[_Row], ctx: _Context) -> dict[Key, list[datetime]]:
    """{(kind, object): [the time each newly counted account engaged]}, after inserting the new
    (kind, object, account) rows. Accounts already counted add nothing."""
    first: dict[tuple[str, int, int], datetime] = {}
    for row in rows:
        for kind, object_id in _targets(row, ctx):
            first.setdefault((kind, object_id, row.actor_id), row.created_at)
    if not first:
        return {}
    new = _insert_accounts(first)
    first = {key: at for key, at in first.items() if key in new}
    out: dict[Key, list[datetime]] = defaultdict(list)
    for (kind, object_id, _account), at in first.items():
        out[(kind, object_id)].append(at)
    return out


def _columns(model: type[models.Model], *names: str) -> str:
    """The quoted column names of `names` (for the two statements below)."""
    quote = connection.ops.quote_name
    fields = [cast("Field[Any, Any]", model._meta.get_field(n)) for n in names]
    return ", ".join(quote(f.column or f.name) for f in fields)


def _insert_accounts(first: dict[tuple[str, int, int], datetime]) -> set[tuple[str, int, int]]:
    """Inserts the (kind, object, account) rows not there yet and returns those it inserted:
    `INSERT ... ON CONFLICT DO NOTHING RETURNING` (PostgreSQL, SQLite 3.35+), one statement
    per PROBE rows, each an exact probe of the unique index, so the cost follows the new
    pairs, never how many accounts an object already has. (The ORM's bulk_create can't say
    which rows it skipped.)"""
    quote = connection.ops.quote_name
    columns = _columns(TrendAccount, "kind", "object_id", "account_id", "created_at")
    returning = _columns(TrendAccount, "kind", "object_id", "account_id")
    rows = list(first.items())
    inserted: set[tuple[str, int, int]] = set()
    with connection.cursor() as cursor:
        for i in range(0, len(rows), PROBE):
            chunk = rows[i : i + PROBE]
            params: list[Any] = []
            for (kind, object_id, account), at in chunk:
                params += [kind, object_id, account, connection.ops.adapt_datetimefield_value(at)]
            cursor.execute(
                f"INSERT INTO {quote(TrendAccount._meta.db_table)} ({columns}) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT DO NOTHING RETURNING {returning}",
                params,
            )
            inserted.update((str(k), int(o), int(a)) for k, o, a in cursor.fetchall())
    return inserted


def _update_rows(model: type[Trend], key: str, rows: list[Trend], *, category: bool) -> None:
    """Writes heat, accounts (and a product's category) of existing trend rows: one prepared
    UPDATE executed for every row (`bulk_update` spends seconds building its CASE per 1,000
    rows; this is one statement the database driver repeats)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = ["heat", "accounts", "updated_at"] + (["category"] if category else [])
    sets = ", ".join(f"{c} = %s" for c in _columns(model, *fields).split(", "))
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(key)} = %s"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    params: list[list[Any]] = [
        [r.heat, r.accounts, adapt(r.updated_at)]
        + ([getattr(r, "category_id", None)] if category else [])
        + [getattr(r, key)]
        for r in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


_MODELS: dict[str, tuple[type[Trend], str]] = {
    TrendAccount.Kind.PRODUCT: (ProductTrend, "product_id"),
    TrendAccount.Kind.POST: (PostTrend, "post_id"),
    TrendAccount.Kind.TAG: (TagTrend, "tag_id"),
}


def _warm(added: dict[Key, list[datetime]], ctx: _Context, result: RefreshResult) -> None:
    """Adds the new accounts to the trend rows (created when missing)."""
    now = timezone.now()
    for kind, (model, key) in _MODELS.items():
        ids = {object_id for (k, object_id) in added if k == kind}
        if not ids:
            continue
        manager = model._default_manager
        existing = {getattr(r, key): r for r in manager.filter(**{f"{key}__in": ids})}
        changed: list[Trend] = []
        created: list[Trend] = []
        for object_id in sorted(ids):
            times = added[(kind, object_id)]
            row = existing.get(object_id)
            if row is None:
                row = model(**{key: object_id})
                created.append(row)
            else:
                changed.append(row)
            row.heat = heat_add(row.heat, times)
            row.accounts += len(times)
            row.updated_at = now
            if isinstance(row, ProductTrend):
                row.category_id = ctx.product_category.get(object_id)
                result.touched_categories.add(row.category_id)
        _update_rows(model, key, changed, category=model is ProductTrend)
        manager.bulk_create(created, batch_size=500)
        setattr(result, f"{kind}s", getattr(result, f"{kind}s") + len(ids))


def _refresh_batch(*, size: int, cutoff: datetime, result: RefreshResult) -> bool | None:
    """One batch in one transaction. Returns whether more events may be waiting, or None when
    another worker claimed the range first."""
    start = _watermark()
    with transaction.atomic():
        rows, end = _read_batch(start, size=size, cutoff=cutoff)
        if end == start:
            return False
        claimed = TrendWatermark.objects.filter(pk=1, last_event_id=start).update(
            last_event_id=end, updated_at=timezone.now()
        )
        if not claimed:
            return None
        if rows:
            ctx = _context(rows)
            added = _new_accounts(rows, ctx)
            result.accounts += sum(len(t) for t in added.values())
            _warm(added, ctx, result)
        result.events += len(rows)
        result.batches += 1
        # Progress was made: the next batch looks again (it ends the run when nothing moved).
        return True


def trending_refresh(
    *,
    batch: int = BATCH,
    max_batches: int = MAX_BATCHES,
    settle: timedelta = SETTLE,
    now: datetime | None = None,
) -> RefreshResult:
    """Reads the engagement events after the watermark and brings the trend rows and the
    "Popular on Agora" labels up to date. Each batch is atomic and claimed with a conditional
    UPDATE, so runs are idempotent and two workers never count an event twice (the second
    stops, `busy`). `settle`: how old an event must be to be read (tests and the demo, the
    only writers, pass 0)."""
    now = now or timezone.now()
    result = RefreshResult()
    for _ in range(max(1, max_batches)):
        more = _refresh_batch(size=max(1, batch), cutoff=now - settle, result=result)
        if more is None:
            result.busy = True
            break
        if not more:
            break
    categories = set(result.touched_categories) | cooled_categories(now=now)
    for category_id in sorted(categories, key=lambda c: -1 if c is None else c):
        popular_recompute(category_id=category_id, now=now)
    result.categories = len(categories)
    return result


def trending_rebuild(*, settle: timedelta = SETTLE) -> RefreshResult:
    """Forgets every score and counts the whole event log again (after the half-life changed).
    Costs the whole history: an operator's command, not the recurring task. Atomic per batch:
    until it is done the lists show less than before."""
    with transaction.atomic():
        ProductTrend.objects.all().delete()
        PostTrend.objects.all().delete()
        TagTrend.objects.all().delete()
        TrendAccount.objects.all().delete()
        TrendWatermark.objects.update_or_create(pk=1, defaults={"last_event_id": 0})
    total = RefreshResult()
    while True:
        result = trending_refresh(settle=settle)
        for name in ("events", "batches", "accounts", "products", "posts", "tags"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        total.categories = result.categories
        if result.batches < MAX_BATCHES or result.busy:
            return total
