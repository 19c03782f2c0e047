"""Fills the stored counts from what exists: each person's unread notifications that show (the
filter of social.selectors.notifications.SHOWN) and each actor's followers and following."""

from django.db import migrations
from django.db.models import Count, Q


def count(apps, schema_editor):
    Notification = apps.get_model("social", "Notification")
    NotificationCounter = apps.get_model("social", "NotificationCounter")
    Follow = apps.get_model("social", "Follow")
    FollowCounts = apps.get_model("social", "FollowCounts")
    shown = (
        (Q(post__isnull=True) | Q(post__is_hidden=False))
        & (Q(comment__isnull=True) | Q(comment__is_hidden=False))
        & (Q(actor__user__is_active=True) | Q(actor__shop__is_active=True))
    )
    unread = (
        Notification.objects.filter(read_at__isnull=True)
        .filter(shown)
        .order_by()
        .values_list("recipient_id")
        .annotate(n=Count("pk"))
    )
    NotificationCounter.objects.all().delete()
    NotificationCounter.objects.bulk_create(
        [NotificationCounter(user_id=user_id, unread=n) for user_id, n in unread], batch_size=500
    )
    counts: dict[int, list[int]] = {}
    followed = Follow.objects.order_by().values_list("target_id").annotate(n=Count("pk"))
    for actor_id, n in followed:
        counts.setdefault(actor_id, [0, 0])[0] = n
    following = (
        Follow.objects.filter(follower__actor__isnull=False)
        .order_by()
        .values_list("follower__actor_id")
        .annotate(n=Count("pk"))
    )
    for actor_id, n in following:
        counts.setdefault(actor_id, [0, 0])[1] = n
    FollowCounts.objects.all().delete()
    FollowCounts.objects.bulk_create(
        [FollowCounts(actor_id=a, followers=f, following=g) for a, (f, g) in counts.items()],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0007_stored_counts"),
        ("shops", "0002_shop_actor"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
