from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person follows an actor (a person or a shop)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following"
    )
    target = models.ForeignKey(
        "accounts.Handle", on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["follower", "target"], name="follow_once")]
        indexes = [models.Index(fields=["target", "id"], name="follow_by_target")]

    def __str__(self) -> str:
        return f"{self.follower_id}→{self.target_id}"


class TimelineEntry(models.Model):
    """A precomputed home-feed row (fan-out on write), capped per person like Mastodon's.

    `sort_key` is the id of the post or of the repost that brought it, so the feed reads one
    index range per page and cursors stay stable while new rows arrive.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("social.Post", on_delete=models.CASCADE, related_name="+")
    reposted_by = models.ForeignKey(
        "accounts.Handle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sort_key = models.BigIntegerField()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [models.UniqueConstraint(fields=["owner", "post"], name="timeline_post_once")]
        # The feed's order, tie-break included: a page is one index range, never sorted.
        indexes = [models.Index(fields=["owner", "-sort_key", "-id"], name="timeline_owner_order")]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.post_id}"


class Block(models.Model):
    """The blocker no longer sees, and is no longer followed, mentioned or commented on by,
    the blocked account."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey("accounts.Handle", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        # The table kept its name when the model moved here from moderation (state-only
        # migrations social 0003 / moderation 0002): blocks are part of the social graph.
        db_table = "moderation_block"
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class FollowCounts(models.Model):
    """An actor's follower count (follows of the person or shop) and, for a person, how many
    actors they follow: stored so that no profile page counts follows. Moved with one
    statement in the follow and unfollow transactions (`social.services.follows`); an actor
    without a row has none. Rebuilt from the follows by `manage.py social_recount`."""

    actor = models.OneToOneField(
        "accounts.Handle", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    followers = models.PositiveIntegerField(default=0)
    following = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("follow counts")
        verbose_name_plural = _("follow counts")

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.followers} followers, {self.following} following"
