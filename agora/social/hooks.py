"""What apps above social may hook into (registered in their `AppConfig.ready()`).

- `post_comment_created(comment, post)`: called by `comment_create` for every new comment on a
  post (not for product comments, nor for replies written by services like comment-to-buy's),
  inside the transaction that creates the comment, after the counter and notifications and
  before the engagement event. A handler's writes commit or roll back with the comment.
  Registered: commerce's comment-to-buy (`commerce.services.comment_to_buy.comment_to_buy_handle`,
  in `commerce/apps.py`).
"""

from agora.core.hooks import Hook

post_comment_created = Hook("post_comment_created", __doc__ or "")
