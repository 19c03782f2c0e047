"""Questions and answers on products: a question by anyone signed in, answers by anyone
(experts, the shop's team and past buyers are badged when read), up-votes on answers, the
asker's accepted answer, and the people who agreed to be asked about what they bought.

`ProductQuestions` holds one product's Q&A state: how many visible questions it has and a
version moved by every write that changes what its Q&A shows (the product page's cached
section is keyed on it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ANSWER_MAX_LENGTH",
    "QUESTION_MAX_LENGTH",
    "Answer",
    "AnswerVote",
    "ProductQuestions",
    "Question",
    "QuestionOptIn",
]

QUESTION_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 3000


class Question(models.Model):
    """A question about a product, asked by a person."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    accepted_answer = models.ForeignKey(
        "community.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(default=False)
    answer_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["product", "is_hidden", "-id"], name="question_product_idx"),
        ]

    def __str__(self) -> str:
        return f"Question #{self.pk} on product #{self.product_id}"


class Answer(models.Model):
    """An answer to a question; `vote_count` is the number of its up-votes."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH)
    is_hidden = models.BooleanField(default=False)
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "is_hidden"], name="answer_question_idx")]

    def __str__(self) -> str:
        return f"Answer #{self.pk} to question #{self.question_id}"


class AnswerVote(models.Model):
    """One person's up-vote on an answer (at most one: the unique constraint)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer vote")
        verbose_name_plural = _("answer votes")
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="answer_vote_unique"),
        ]
        indexes = [models.Index(fields=["user", "answer"], name="answer_vote_user_idx")]

    def __str__(self) -> str:
        return f"Vote by #{self.user_id} on answer #{self.answer_id}"


class QuestionOptIn(models.Model):
    """ "Ask people who bought this": this person agreed to be notified of questions about
    the products they bought (a row while they agree)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question opt-in")
        verbose_name_plural = _("question opt-ins")

    def __str__(self) -> str:
        return f"Question opt-in of #{self.user_id}"


class ProductQuestions(models.Model):
    """One product's Q&A state: visible questions and a version bumped by every change."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    question_count = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("product question settings")
        verbose_name_plural = _("product questions")

    def __str__(self) -> str:
        return f"Q&A of product #{self.product_id} (v{self.version})"
