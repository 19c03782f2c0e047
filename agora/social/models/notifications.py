from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        COMMENT = "comment", _("Comment")
        REPLY = "reply", _("Reply")
        REPOST = "repost", _("Repost")
        FOLLOW = "follow", _("Follow")
        MENTION = "mention", _("Mention")
        SHARE_CLICK = "share_click", _("Share click")
        POLL_ON_SALE = "poll_on_sale", _("What you voted for is on sale")
        CAMPAIGN_WIN = "campaign_win", _("Your post won a campaign")
        BADGE_EARNED = "badge_earned", _("Badge earned")
        BADGE_LOST = "badge_lost", _("Badge lost")
        PARTNERSHIP_PROPOSED = "partnership_proposed", _("Partnership proposed")
        PARTNERSHIP_ACCEPTED = "partnership_accepted", _("Partnership accepted")
        PARTNERSHIP_DECLINED = "partnership_declined", _("Partnership declined")
        PARTNERSHIP_WITHDRAWN = "partnership_withdrawn", _("Partnership proposal withdrawn")
        PARTNERSHIP_ENDED = "partnership_ended", _("Partnership ended")
        # Community (reviews, questions, communities): they carry `url` and `subject`.
        REVIEW_REQUEST = "review_request", _("Review request")
        REVIEW_REPLY = "review_reply", _("Reply to your review")
        QUESTION_ASKED = "question_asked", _("Question about a product")
        QUESTION_ANSWERED = "question_answered", _("Answer to your question")
        THREAD_NEW = "thread_new", _("New thread in a community")
        THREAD_REPLY = "thread_reply", _("Reply in a thread")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey("accounts.Handle", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        "social.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "social.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(  # the followed actor (person or shop) for follows
        "accounts.Handle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For kinds about objects of apps above social (a review, a question, a thread): where the
    # notification leads and what it names (a product's or a thread's title).
    url = models.CharField(max_length=300, blank=True, default="")
    subject = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recent"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationCounter(models.Model):
    """How many of a person's notifications are unread and still show (the header's badge and
    the API's unread count), stored so that no page counts them. Kept exact by the services
    that change what it counts, in the same transaction (`social.services.notification_counts`);
    a person without a row has none. Rebuilt from the notifications by
    `manage.py social_recount`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    unread = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("notification counter")
        verbose_name_plural = _("notification counters")

    def __str__(self) -> str:
        return f"{self.unread} unread for {self.user_id}"


class LikeNotifyMark(models.Model):
    """One row (pk 1): the id of the last like whose notification the background task has
    written (`like_notifications`). A run claims the likes after it with one conditional
    UPDATE, so two runs never notify a like twice and a restart loses none."""

    last_like_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("like notification mark")
        verbose_name_plural = _("like notification marks")

    def __str__(self) -> str:
        return f"like notifications written up to like {self.last_like_id}"
