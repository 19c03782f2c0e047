"""What apps above shops provide to it (registered in their `AppConfig.ready()`).

- `shop_page_products(viewer, shop)`: the queryset of products the shop page (`/@handle`)
  lists (the page paginates it); `viewer` is the shop's manager (who also sees
  drafts) or None. Provided by catalog (`catalog.selectors.product_list`, in
  `catalog/apps.py`).
"""

from agora.core.hooks import Slot

shop_page_products = Slot("shop_page_products", __doc__ or "")
