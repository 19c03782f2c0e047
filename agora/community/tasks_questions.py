"""Background work of questions and answers: thin and idempotent; the services do the work."""

from __future__ import annotations

from django.tasks import task

from agora.community.services import questions


@task()
def question_asked_notify(question_id: int) -> int:
    """Notifies the shop's team and the opted-in past buyers of a new question. Idempotent."""
    return questions.question_asked_notify(question_id=question_id)
