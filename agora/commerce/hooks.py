"""What apps above commerce may hook into (registered in their `AppConfig.ready()`).

- `order_paid(order)`: called by `order_mark_paid` once an order is paid, inside the payment's
  transaction, after the stock is committed and the shop's sale is booked. A handler's writes
  (points earned, pending rewards and commissions) commit or roll back with the payment.
- `order_refunded(order, refund)`: called by `order_refund` inside the refund's transaction,
  after the order's and its lines' refunded figures moved (`order` is re-read: its status and
  `refunded_amount` are current). The refund returns only after every handler ran, so the
  rewards, commissions and points it reverses are reversed when the API answers.

- `order_delivered(order)`: called by `order_deliver` once an order is delivered, inside the
  delivery's transaction (`order` is current: status and `delivered_at`). What leaves the
  database (e-mails) a handler enqueues on commit.

Registered by engagement (`engagement/hook_handlers.py`): points, rewards, commissions; by
community (`community/hook_handlers.py`): the review request after delivery.

- `checkout_offers_html(request, shops)` → safe HTML (may be empty): a slot the checkout page
  shows beside the order, for offers the signed-in buyer can take up before paying ("Use 120
  points (worth €1.20)"). `shops` is `[(shop, subtotal minor units), ...]` for the cart's
  shops. Its forms post elsewhere and come back to the checkout with a coupon code kept for
  it (session key `commerce.views.cart.COUPON_SESSION_KEY`). Filled by engagement (loyalty);
  left empty, the page shows nothing.
- `checkout_offers(user, shop_ids, share_code)`: the discounts waiting for this buyer at the
  shops of their cart (a referred friend's welcome coupon), shown beside the checkout's coupon
  field, which the first code fills in when the buyer chose none: a list of {"code" (None:
  sign in to get it), "percent", "shop_name", "sharer_name"}. `share_code` is the buyer's
  last share-link click (the `agora_ref` cookie). Filled by engagement (referrals).
"""

from agora.core.hooks import Hook, Slot

order_paid = Hook("order_paid", __doc__ or "")
order_refunded = Hook("order_refunded", __doc__ or "")
order_delivered = Hook("order_delivered", __doc__ or "")
checkout_offers_html = Slot("checkout_offers_html", __doc__ or "")
checkout_offers = Slot("checkout_offers", __doc__ or "")
