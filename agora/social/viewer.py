"""Who is looking, as social's reads take it: core's `viewer` typed as a person."""

from django.http import HttpRequest

from agora.accounts.models import User
from agora.core.viewer import viewer


def viewer_of(request: HttpRequest) -> User | None:
    """The signed-in person making `request` (a page's session, or the API's bearer token),
    or None for an anonymous visitor."""
    user = viewer(request)
    return user if isinstance(user, User) else None
