"""Social pages. Included in the root URLconf before the storefront's `/@handle`, so that
`/@handle/posts` and `/@handle/follow` reach these views."""

from django.urls import path

from agora.social.views import comments, feed, notifications, posts, products, profile, tags

app_name = "social_web"
urlpatterns = [
    path("feed", feed.feed, name="feed"),
    path("compose", feed.compose, name="compose"),
    path("compose/products", feed.composer_products, name="composer-products"),
    path("posts/<id:post_id>", posts.post_detail, name="post"),
    path("posts/<id:post_id>/edit", posts.post_edit, name="post-edit"),
    path("posts/<id:post_id>/delete", posts.post_delete, name="post-delete"),
    path("posts/<id:post_id>/like", posts.like, name="post-like"),
    path("posts/<id:post_id>/unlike", posts.unlike, name="post-unlike"),
    path("posts/<id:post_id>/repost", posts.repost, name="post-repost"),
    path("posts/<id:post_id>/unrepost", posts.unrepost, name="post-unrepost"),
    path("posts/<id:post_id>/share", posts.share, name="post-share"),
    path("posts/<id:post_id>/comments", comments.post_comment, name="post-comment"),
    path("comments/<id:comment_id>/delete", comments.comment_delete, name="comment-delete"),
    path("comments/<id:comment_id>/hide", comments.comment_hide, name="comment-hide"),
    path("products/<id:product_id>/like", products.product_like, name="product-like"),
    path("products/<id:product_id>/unlike", products.product_unlike, name="product-unlike"),
    path("products/<id:product_id>/share", products.product_share, name="product-share"),
    path("products/<id:product_id>/comments", comments.product_comment, name="product-comment"),
    path(
        "products/<id:product_id>/community/<id:post_id>",
        products.community_curate,
        name="community-curate",
    ),
    path("tags/<str:tag>", tags.tag_page, name="tag"),
    path("notifications", notifications.notifications, name="notifications"),
    path("@<str:handle>/posts", profile.actor_posts, name="actor-posts"),
    path("@<str:handle>/follow", profile.follow, name="follow"),
    path("@<str:handle>/unfollow", profile.unfollow, name="unfollow"),
]
