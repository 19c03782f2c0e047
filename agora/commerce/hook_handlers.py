"""Commerce's answers to the hooks of the apps below it, registered in one place (called once
from `CommerceConfig.ready()`): those apps never import commerce."""

from agora.accounts import hooks as accounts_hooks
from agora.commerce.services.comment_to_buy import comment_to_buy_handle
from agora.commerce.views.common import cart_after_log_in
from agora.social import hooks as social_hooks


def register() -> None:
    # "SOLD M" under a shop's post: the hold is written in the comment's transaction.
    social_hooks.post_comment_created.register(comment_to_buy_handle)
    # The visitor's session cart follows them into their account at sign-up and log-in.
    accounts_hooks.logged_in.register(cart_after_log_in)
