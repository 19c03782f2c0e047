"""Engagement's answers to the hooks and slots of the apps below it, registered in one place
(called once from `EngagementConfig.ready()`): those apps never import engagement."""

from agora.catalog import hooks as catalog_hooks
from agora.commerce import hooks as commerce_hooks
from agora.engagement import views
from agora.engagement.schemas import polls_out
from agora.engagement.selectors import disclosures_of_posts
from agora.engagement.services import (
    bonus_condition_register,
    earnings_after_refund,
    holds_top_fan,
    partnership_commissions,
    points_after_paid_order,
    points_after_refund,
    poll_create,
    poll_product_went_on_sale,
    referral_checkout_offers,
    referral_reward_on_paid,
)
from agora.social import hooks as social_hooks


def register() -> None:
    # A post can carry a poll: written in the post's transaction, shown on its card and JSON.
    social_hooks.post_poll_create.register(poll_create)
    social_hooks.post_polls.register(polls_out)
    social_hooks.post_polls_html.register(views.polls_html)
    # The winner made into a draft product: its voters hear when it goes on sale.
    catalog_hooks.product_went_on_sale.register(poll_product_went_on_sale)
    # A refund lowers or reverses the rewards and commissions its order earned, in its
    # transaction (CONTRACT: the refund returns after they are reversed).
    commerce_hooks.order_refunded.register(earnings_after_refund)
    # An order through someone's share link earns them one pending reward (share rewards).
    commerce_hooks.order_paid.register(referral_reward_on_paid)
    # A referred friend's welcome coupon, shown beside the checkout's coupon field.
    commerce_hooks.checkout_offers.register(referral_checkout_offers)
    # Loyalty: a paid order earns the buyer the shop's points at once; a refund takes back
    # the share it returns (in their transactions). The checkout offers to spend them.
    commerce_hooks.order_paid.register(points_after_paid_order)
    commerce_hooks.order_refunded.register(points_after_refund)
    commerce_hooks.checkout_offers_html.register(views.checkout_offers_html)
    # The shop's "Top fan" bonus rule holds for the holder of its Top fan badge.
    bonus_condition_register("top_fan", holds_top_fan)
    # Badges beside authors' names on post cards.
    social_hooks.author_badges_html.register(views.author_badges_html)
    # Creator partnerships: paid posts carry a disclosure (card, JSON, "#ad" on shares), the
    # partnership notifications lead to the partnerships page, and a paid order's lines
    # attributed to a partnered creator earn a pending commission in the payment's transaction.
    social_hooks.post_disclosures.register(disclosures_of_posts)
    social_hooks.partnerships_url.register(views.partnerships_url)
    commerce_hooks.order_paid.register(partnership_commissions)
