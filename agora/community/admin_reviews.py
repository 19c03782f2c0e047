"""Admin screens for reviews. Ratings, visibility and counters are read-only here: the review
services move the product's stored rating with them (hide and show are actions that go
through `review_hidden_set`)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agora.community.models import Review, ReviewMedia, ReviewReply, ReviewVote
from agora.community.services.reviews import review_hidden_set


class ReviewMediaInline(admin.TabularInline):
    model = ReviewMedia
    extra = 0
    raw_id_fields = ["media"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "product",
        "author",
        "rating",
        "title",
        "verified_purchase",
        "incentivised",
        "is_hidden",
        "helpful_count",
        "created_at",
    ]
    list_filter = ["rating", "verified_purchase", "incentivised", "is_hidden"]
    search_fields = ["title", "text", "author__username", "product__title"]
    raw_id_fields = ["product", "author", "variant", "order_line"]
    readonly_fields = [
        "product",
        "author",
        "rating",
        "verified_purchase",
        "is_hidden",
        "has_media",
        "helpful_count",
        "edited_at",
        "created_at",
    ]
    inlines = [ReviewMediaInline]
    actions = ["hide", "show"]

    @admin.action(description=_("Hide the selected reviews (they leave the rating)"))
    def hide(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        changed = sum(review_hidden_set(review=r, hidden=True) for r in queryset)
        self.message_user(request, _("%(n)s hidden.") % {"n": changed})

    @admin.action(description=_("Show the selected reviews again"))
    def show(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        changed = sum(review_hidden_set(review=r, hidden=False) for r in queryset)
        self.message_user(request, _("%(n)s shown again.") % {"n": changed})


@admin.register(ReviewVote)
class ReviewVoteAdmin(admin.ModelAdmin):
    list_display = ["review", "person", "created_at"]
    raw_id_fields = ["review", "person"]


@admin.register(ReviewReply)
class ReviewReplyAdmin(admin.ModelAdmin):
    list_display = ["review", "shop", "author", "created_at"]
    raw_id_fields = ["review", "shop", "author"]
