"""What apps above social may hook into (registered in their `AppConfig.ready()`).

- `post_comment_created(comment, post)`: called by `comment_create` for every new comment on a
  post (not for product comments, nor for replies written by services like comment-to-buy's),
  inside the transaction that creates the comment, after the counter and notifications and
  before the engagement event. A handler's writes commit or roll back with the comment.
  Registered: commerce's comment-to-buy (`commerce.services.comment_to_buy.comment_to_buy_handle`,
  in `commerce/apps.py`).

- `post_changed(post_id)`: called by `post_create`, `post_update`, `post_delete` (after the
  row is gone) and `post_hidden_set` (when the flag changed), inside their transaction. Handlers
  keep what is derived from posts current: discovery's search index (in the same transaction),
  reading the post again by id (it may be gone).

A post can carry a poll, as a Mastodon status does: social declares its shape (`PollIn`,
`PollOut` in `social/schemas.py`) and marks the post (`Post.has_poll`); the app that keeps
polls fills three slots (engagement, in `engagement/apps.py`):

- `post_poll_create(post, poll, user, author)`: called by `post_create` inside the post's
  transaction, right after the post row, with the validated `PollIn`. It checks what needs
  the database (the author's images, the shop's variants and currency, the deadline) and
  writes the poll; an `InvalidInput` naming `poll.…` rolls the post back.
- `post_polls(post_ids, viewer)` → `{post_id: PollOut dict}`: the polls of a page's posts for
  one viewer (votes only where the viewer may see results), one call per page, only for posts
  whose `has_poll` is set.
- `post_polls_html(request, post_ids, editable)` → `{post_id: safe HTML}`: the same polls as
  the fragment a post card shows (vote form, results); `editable` holds the ids of the posts
  the viewer may edit (their shop's team sees the "make it a product" action).

Names can carry badges (the app that keeps them fills one slot; engagement):

- `author_badges_html(actor_ids)` → `{actor_id: safe HTML}`: the badges shown beside the
  names of a page's post authors (one call, one query, per page of cards); rendered live next
  to the cached author fragment, so a badge won or lost shows at once.

A creator's paid post carries a disclosure (engagement keeps the partnerships):

- `post_disclosures(candidates)` → `{post_id: {"kind": "paid_partnership", "shop": handle}}`:
  the disclosures of a page's posts, one call per page, only for posts by verified creators
  that tag products, each given as a `selectors.posts.DisclosureCandidate` (post id, author's
  user id, creation time, the shops of the tagged products: plain data, whether the page read
  model instances or rows). Social shows it on the card ("Paid partnership with @shop"), in the post JSON
  (`disclosure`) and appends "#ad" to the text a share carries.
- `partnerships_url()` → the path of the page where a person answers partnership proposals
  and sees their partnerships (the link of the `partnership_*` notifications).

The home feed can sit beside other feeds (discovery's "For you"):

- `feed_tabs(request)` → `[{"label", "url", "current"}]`: the tabs shown above the home feed
  ("Following | For you"), called once per full feed page for the signed-in person; the
  provider may queue background work then (discovery refreshes stale recommendations on
  commit). No provider: no tabs.

A post's own figures, for those who may read them (the app that keeps the seller's pages):

- `post_insights_panel(request, post)` → safe HTML: the small analytics panel under a post on
  its page, called only when the viewer may edit the post (its author, or its shop's team),
  so nobody else costs a query. The provider returns a placeholder that loads the panel with
  htmx (and links to the full page without JavaScript). No provider: no panel.
"""

from agora.core.hooks import Hook, Slot

post_comment_created = Hook("post_comment_created", __doc__ or "")
post_changed = Hook("post_changed", __doc__ or "")
post_poll_create = Slot("post_poll_create", __doc__ or "")
post_polls = Slot("post_polls", __doc__ or "")
post_polls_html = Slot("post_polls_html", __doc__ or "")
author_badges_html = Slot("author_badges_html", __doc__ or "")
post_disclosures = Slot("post_disclosures", __doc__ or "")
partnerships_url = Slot("partnerships_url", __doc__ or "")
feed_tabs = Slot("feed_tabs", __doc__ or "")
post_insights_panel = Slot("post_insights_panel", __doc__ or "")
