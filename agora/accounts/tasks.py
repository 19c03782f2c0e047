"""Background account work: thin and idempotent enough, enqueued on commit by the services."""

from __future__ import annotations

from django.tasks import task

from agora.accounts import services


@task()
def send_password_reset(email: str, language: str = "") -> int:
    """E-mails a reset link to the accounts with this address; for an unknown address it
    sends nothing (the request that enqueued it could not tell the difference)."""
    return services.password_reset_send(email=email, language=language)
