"""Trending scores, kept current from the engagement events, incrementally.

What counts
    An engagement event (`analytics.Event`) of kind like, comment, repost, share, share_click
    or post, on a post or a product, by a signed-in account. What doesn't: views (cheap to
    fake and by far the most numerous; ignoring them keeps the refresh cheap), anonymous share
    clicks (a visitor id is a cookie anyone can mint again, so counting it would let one script
    make anything trend), follows, and poll votes (their object is a poll, which lives in an
    app above this one; the likes and comments around a poll's post count).

Distinct accounts
    A score counts ACCOUNTS, not clicks: the first engagement of an account with an object adds
    weight 1 at the time it happened; whatever it does later (unlike and like again, comment,
    share, click its own link a hundred times) adds nothing. `TrendAccount` (unique per kind,
    object and account) remembers who has been counted. `accounts` on a trend row is that
    count, all time.

Who doesn't count
    A shop's own team (`ShopMember`, owner and staff) never counts for the shop's products nor
    for the shop's posts, and the person who wrote a post doesn't count for it. A post's own
    team liking or commenting on it warms nothing at all (not its products, not its hashtags).

How a post spreads its warmth
    Engagement with a post also counts, for the same account, towards the products it tags
    (`PostProduct`) and its hashtags (`PostTag`): the post is how people meet the products.
    Writing a post (the "post" event) counts its author towards the products it tags (unless
    they are the product's shop team) and towards its hashtags, not towards the post itself.
    As everywhere, an account counts once per product and per hashtag, however many posts.

Decay and heat
    An account counted at time t weighs 2 ** (-(now - t) / half_life) now (half-life from
    `AGORA_TRENDING_HALF_LIFE_HOURS`, 24 h by default). The score is the sum of those weights;
    `heat` stores log2 of the score at the fixed `EPOCH`, scaled by `HEAT_SCALE`, so adding an
    account is a log-sum-exp in Python and ordering by heat is ordering by the score now (see
    `models.trending`). Changing the half-life changes the meaning of stored heat: run
    `manage.py refresh_trending --rebuild`.

Trending and "Popular on Agora"
    Something trends when at least `AGORA_TRENDING_MIN_ACCOUNTS` (3) distinct accounts have
    been counted for it and its score now is at least `FLOOR` (1: one account's worth of
    fresh engagement), so what everybody forgot drops out. A product is "Popular on Agora"
    when it trends (active, in an active shop) and ranks in the top `POPULAR_SHARE` (10 %) of
    the trending products of its category, at least one and at most `POPULAR_MAX` (12).

Incremental refresh
    `trending_refresh` reads only the events after the watermark (`TrendWatermark`), in
    batches of `BATCH` counted events inside a window of `WINDOW` event ids, so its cost grows
    with the new events, never with the history: each new (object, account) pair is one lookup
    on the unique index, each touched row one read and one write, and the labels are recomputed
    only for the categories it touched (plus those whose labelled products cooled below the
    floor). Each batch is one transaction that first claims its range with a conditional UPDATE
    of the watermark: a second worker running at the same time finds the watermark moved and
    stops (on PostgreSQL it waits for the first to commit), so a range is never counted twice.
    An event is read only once it is `SETTLE` old, so a transaction that committed a little
    after a later one isn't skipped.
"""

from agora.discovery.services.trending.popular import popular_recompute, trend_product_changed
from agora.discovery.services.trending.refresh import (
    BATCH,
    COUNTED_KINDS,
    MAX_BATCHES,
    SETTLE,
    WINDOW,
    RefreshResult,
    heat_add,
    trending_rebuild,
    trending_refresh,
)

__all__ = [
    "BATCH",
    "COUNTED_KINDS",
    "MAX_BATCHES",
    "SETTLE",
    "WINDOW",
    "RefreshResult",
    "heat_add",
    "popular_recompute",
    "trend_product_changed",
    "trending_rebuild",
    "trending_refresh",
]
