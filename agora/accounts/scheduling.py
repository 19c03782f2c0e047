"""The accounts tasks the services enqueue, by path (accounts/tasks.py imports the services,
so the services don't import it). Call these on commit."""

from __future__ import annotations

from agora.core.scheduling import enqueue


def enqueue_password_reset(email: str, language: str) -> bool:
    """The worker e-mails a password-reset link if an account has this address."""
    return enqueue("agora.accounts.tasks.send_password_reset", email, language)
