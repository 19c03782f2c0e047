"""What apps above shops may hook into (registered in their `AppConfig.ready()`; shops never
imports them).

- `shop_changed(shop)`: called by `shop_create` and `shop_update` inside their transaction,
  after the shop is saved. Handlers keep what is derived from shops current: discovery's
  search index (in the same transaction).
"""

from agora.core.hooks import Hook

shop_changed = Hook("shop_changed", __doc__ or "")
