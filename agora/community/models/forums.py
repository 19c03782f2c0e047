"""Communities (forums): one per shop and topic communities opened by experts or moderators;
threads with photos and tagged products, replies quoting one other reply, reactions, follows.

Counters (`member_count`, `thread_count`, `reply_count`) are kept with `F()` updates in the
writing transaction; reactions are counted from their rows (one grouped query per page), so
they are exact by construction. Threads are listed pinned first, then by `activity` (the
microsecond of the last reply, or of the thread's creation), then newest id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.core.urls_util import reverse_cached

__all__ = [
    "COMMUNITY_DESCRIPTION_MAX_LENGTH",
    "COMMUNITY_NAME_MAX_LENGTH",
    "COMMUNITY_SLUG_MAX_LENGTH",
    "REACTION_EMOJI",
    "REPLY_MAX_LENGTH",
    "THREAD_MAX_MEDIA",
    "THREAD_MAX_PRODUCTS",
    "THREAD_TEXT_MAX_LENGTH",
    "THREAD_TITLE_MAX_LENGTH",
    "Community",
    "Membership",
    "Reaction",
    "Reply",
    "Thread",
    "ThreadFollow",
    "ThreadMedia",
    "ThreadProduct",
]

COMMUNITY_SLUG_MAX_LENGTH = 40
COMMUNITY_NAME_MAX_LENGTH = 80
COMMUNITY_DESCRIPTION_MAX_LENGTH = 1000
THREAD_TITLE_MAX_LENGTH = 200
THREAD_TEXT_MAX_LENGTH = 10000
REPLY_MAX_LENGTH = 5000
THREAD_MAX_MEDIA = 6
THREAD_MAX_PRODUCTS = 5

# The fixed set of reactions, in the order they are shown.
REACTION_EMOJI = {
    "like": "👍",
    "love": "❤️",
    "laugh": "😂",
    "idea": "💡",
    "thanks": "🙏",
}


class Community(models.Model):
    """A shop's community (one per shop, slug = the shop's handle) or a topic community."""

    class Kind(models.TextChoices):
        SHOP = "shop", _("Shop community")
        TOPIC = "topic", _("Topic community")

    slug = models.SlugField(max_length=COMMUNITY_SLUG_MAX_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=COMMUNITY_NAME_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=COMMUNITY_DESCRIPTION_MAX_LENGTH, blank=True
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    shop = models.OneToOneField(
        "shops.Shop",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only members may start threads and reply (anyone signed in may join).
    members_only = models.BooleanField(_("members only"), default=False)
    # A closed community is read-only.
    is_open = models.BooleanField(_("open"), default=True)
    member_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        indexes = [models.Index(fields=["-member_count", "-id"], name="community_popular")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="topic", shop__isnull=True) | Q(kind="shop", shop__isnull=False),
                name="community_kind_shop",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_cached("community:forums-community", self.slug)


class Membership(models.Model):
    """A person in a community: joining subscribes them to its new threads."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.community_id}"


class Thread(models.Model):
    """A discussion in a community: a title, a text, photos and tagged products."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_threads"
    )
    title = models.CharField(_("title"), max_length=THREAD_TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), max_length=THREAD_TEXT_MAX_LENGTH, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", through="ThreadProduct", related_name="+", blank=True
    )
    is_pinned = models.BooleanField(default=False)
    is_solved = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)  # by a moderator: invisible to others
    reply_count = models.PositiveIntegerField(default=0)
    last_reply_at = models.DateTimeField(null=True, blank=True)
    # Sort key: microseconds since the epoch of the last reply (or of the creation).
    activity = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(
                fields=["community", "-is_pinned", "-activity", "-id"], name="thread_listing"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_cached("community:forums-thread", self.community.slug, self.pk)


class ThreadMedia(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="thread_media")
    media = models.ForeignKey("media.MediaAsset", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thread media")
        verbose_name_plural = _("thread media")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "media"], name="thread_media_unique")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}:{self.media_id}"


class ThreadProduct(models.Model):
    """A product tagged in a thread: the same shoppable card as a post's."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="product_tags")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thread product")
        verbose_name_plural = _("thread products")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "product"], name="thread_product_unique")
        ]
        indexes = [models.Index(fields=["product", "thread"], name="thread_product_by_product")]

    def __str__(self) -> str:
        return f"{self.thread_id}:{self.product_id}"


class Reply(models.Model):
    """A reply in a thread, optionally quoting one other reply of the same thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_replies"
    )
    text = models.TextField(_("text"), max_length=REPLY_MAX_LENGTH)
    quote = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [models.Index(fields=["thread", "id"], name="reply_thread")]

    def __str__(self) -> str:
        return f"Reply {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


class Reaction(models.Model):
    """One emoji reaction of a person on a thread or a reply (once per kind and target)."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        LOVE = "love", _("Love")
        LAUGH = "laugh", _("Funny")
        IDEA = "idea", _("Insightful")
        THANKS = "thanks", _("Thanks")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["person", "thread", "kind"],
                condition=Q(thread__isnull=False),
                name="reaction_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "reply", "kind"],
                condition=Q(reply__isnull=False),
                name="reaction_reply_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}"


class ThreadFollow(models.Model):
    """A person told about new replies in a thread (its author and repliers follow it)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thread follow")
        verbose_name_plural = _("thread follows")
        constraints = [
            models.UniqueConstraint(fields=["thread", "person"], name="thread_follow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} follows {self.thread_id}"
