"""What apps above commerce may hook into (registered in their `AppConfig.ready()`).

- `order_paid(order)`: called by `order_mark_paid` once an order is paid, inside the payment's
  transaction, after the stock is committed and the shop's sale is booked. A handler's writes
  (points earned, pending rewards and commissions) commit or roll back with the payment.
- `order_refunded(order, refund)`: called by `order_refund` inside the refund's transaction,
  after the order's and its lines' refunded figures moved (`order` is re-read: its status and
  `refunded_amount` are current). The refund returns only after every handler ran, so the
  rewards, commissions and points it reverses are reversed when the API answers.

Registered by engagement (`engagement/hook_handlers.py`): points, rewards, commissions.

Slots (one provider each):

- `checkout_offers(user, shop_ids, share_code)`: the discounts waiting for this buyer at the
  shops of their cart (a referred friend's welcome coupon), shown beside the checkout's coupon
  field: a list of {"code" (None: sign in to get it), "percent", "shop_name", "sharer_name"}.
  `share_code` is the buyer's last share-link click (the `agora_ref` cookie).
"""

from agora.core.hooks import Hook, Slot

order_paid = Hook("order_paid", __doc__ or "")
order_refunded = Hook("order_refunded", __doc__ or "")
checkout_offers = Slot("checkout_offers", __doc__ or "")
