from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agora.core.urls_util import reverse_cached

POST_MAX_LENGTH = 2000
POST_MAX_MEDIA = 10
POST_MAX_PRODUCTS = 5
COMMENT_MAX_LENGTH = 1000


class Post(models.Model):
    """A post by an actor (a person, or a shop through one of its staff)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        FOLLOWERS = "followers", _("Followers only")

    author = models.ForeignKey("accounts.Handle", on_delete=models.CASCADE, related_name="posts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts_written"
    )
    text = models.TextField(max_length=POST_MAX_LENGTH, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_hidden = models.BooleanField(default=False)  # hidden by a moderator
    # Comment-to-buy: a comment starting with this keyword ("SOLD M") reserves the item.
    # Empty means off.
    comment_to_buy_keyword = models.CharField(max_length=20, blank=True)
    # The post carries a poll (written by the app that keeps polls, see social/hooks.py): pages
    # ask for polls only when one of their posts has one.
    has_poll = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    repost_count = models.PositiveIntegerField(default=0)
    share_count = models.PositiveIntegerField(default=0)
    media = models.ManyToManyField("media.MediaAsset", through="PostMedia", related_name="+")
    products = models.ManyToManyField(
        "catalog.Product", through="PostProduct", related_name="tagged_in_posts"
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["author", "-id"], name="post_author_recent")]

    def __str__(self) -> str:
        return f"Post {self.pk} by {self.author_id}"

    def get_absolute_url(self) -> str:
        return reverse_cached("social_web:post", self.pk)


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_media")
    media = models.ForeignKey("media.MediaAsset", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post media")
        verbose_name_plural = _("post media")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "media"], name="post_media_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.media_id}"


class PostProduct(models.Model):
    """A product tag on a post: the Buy / Add to cart entry point."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="product_tags")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="post_tags"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post product")
        verbose_name_plural = _("post products")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "product"], name="post_product_unique")
        ]
        indexes = [models.Index(fields=["product", "-post"], name="post_product_by_product")]

    def __str__(self) -> str:
        return f"{self.post_id}→{self.product_id}"


class Like(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_once")]

    def __str__(self) -> str:
        return f"{self.user_id}♥{self.post_id}"


class Repost(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reposts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repost")
        verbose_name_plural = _("reposts")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="repost_once")]

    def __str__(self) -> str:
        return f"{self.user_id}↻{self.post_id}"


class Comment(models.Model):
    """A comment on a post or on a product; replies go one level deep."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    is_hidden = models.BooleanField(default=False)  # by a moderator
    hidden_by_author = models.BooleanField(default=False)  # by the post's author or shop
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, product__isnull=True)
                | Q(post__isnull=True, product__isnull=False),
                name="comment_on_post_or_product",
            )
        ]
        indexes = [
            models.Index(fields=["post", "id"], name="comment_post_order"),
            models.Index(fields=["product", "id"], name="comment_product_order"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class ProductLike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product like")
        verbose_name_plural = _("product likes")
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="product_like_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}♥p{self.product_id}"


class ProductEngagement(models.Model):
    """Denormalised social counters of a product, kept by F() updates."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="engagement"
    )
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    share_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product engagement")
        verbose_name_plural = _("product engagements")

    def __str__(self) -> str:
        return f"engagement of {self.product_id}"


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)  # normalised: casefolded
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("social_web:tag", args=[self.name])


class PostTag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="post_tags")

    class Meta:
        verbose_name = _("post tag")
        verbose_name_plural = _("post tags")
        constraints = [models.UniqueConstraint(fields=["post", "tag"], name="post_tag_unique")]
        indexes = [models.Index(fields=["tag", "-post"], name="post_tag_by_tag")]

    def __str__(self) -> str:
        return f"{self.post_id}#{self.tag_id}"


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    target = models.ForeignKey("accounts.Handle", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["post", "target"], name="mention_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}@{self.target_id}"


class CommunityPlacement(models.Model):
    """The shop's choice for a community post on its product page: featured or hidden."""

    class State(models.TextChoices):
        FEATURED = "featured", _("Featured")
        HIDDEN = "hidden", _("Hidden")

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community placement")
        verbose_name_plural = _("community placements")
        constraints = [
            models.UniqueConstraint(fields=["product", "post"], name="community_placement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.post_id}: {self.state}"
