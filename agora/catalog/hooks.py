"""What apps above catalog may hook into (registered in their `AppConfig.ready()`; catalog
never imports them).

- `product_went_on_sale(product)`: called by `product_update` when a product's status becomes
  active (a draft or an archived product put on sale), inside the update's transaction after
  the product is saved. A handler's writes commit or roll back with the update. Registered:
  engagement tells the people who voted for a poll option that became this product
  (`engagement.services.poll_product_went_on_sale`, in `engagement/apps.py`).
- `product_changed(product)`: called by `product_create`, `product_update` and
  `product_archive` inside their transaction, after every row is written (media changes call it
  too). Handlers keep what is derived from products current: discovery's search index (in the
  same transaction), reach's catalog feeds (marked stale, rebuilt in the background).
"""

from agora.core.hooks import Hook

product_went_on_sale = Hook("product_went_on_sale", __doc__ or "")
product_changed = Hook("product_changed", __doc__ or "")
