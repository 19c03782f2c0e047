"""Admin screens for questions and answers (hiding goes through the moderators' queue or the
"hidden" box; counters are kept by the services and read-only here)."""

from django.contrib import admin

from agora.community.models import Answer, AnswerVote, ProductQuestions, Question, QuestionOptIn


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("author", "text", "is_hidden", "vote_count", "created_at")
    raw_id_fields = ("author",)
    readonly_fields = ("vote_count", "created_at")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("id", "product", "author", "answer_count", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    search_fields = ("text", "author__username")
    raw_id_fields = ("product", "author", "accepted_answer")
    readonly_fields = ("answer_count", "created_at")
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("id", "question", "author", "vote_count", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    search_fields = ("text", "author__username")
    raw_id_fields = ("question", "author")
    readonly_fields = ("vote_count", "created_at")


@admin.register(AnswerVote)
class AnswerVoteAdmin(admin.ModelAdmin):
    list_display = ("id", "answer", "user", "created_at")
    raw_id_fields = ("answer", "user")


@admin.register(QuestionOptIn)
class QuestionOptInAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    raw_id_fields = ("user",)


@admin.register(ProductQuestions)
class ProductQuestionsAdmin(admin.ModelAdmin):
    list_display = ("product", "question_count", "version")
    raw_id_fields = ("product",)
    readonly_fields = ("question_count", "version")
