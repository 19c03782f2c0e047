"""What apps above commerce may hook into (registered in their `AppConfig.ready()`).

- `order_paid(order)`: called by `order_mark_paid` once an order is paid, inside the payment's
  transaction, after the stock is committed and the shop's sale is booked. A handler's writes
  (points earned, pending rewards and commissions) commit or roll back with the payment.
- `order_refunded(order, refund)`: called by `order_refund` inside the refund's transaction,
  after the order's and its lines' refunded figures moved (`order` is re-read: its status and
  `refunded_amount` are current). The refund returns only after every handler ran, so the
  rewards, commissions and points it reverses are reversed when the API answers.

Registered by engagement (`engagement/hook_handlers.py`): points, rewards, commissions.
"""

from agora.core.hooks import Hook

order_paid = Hook("order_paid", __doc__ or "")
order_refunded = Hook("order_refunded", __doc__ or "")
