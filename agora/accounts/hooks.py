"""What apps above accounts may hook into (registered in their `AppConfig.ready()`).

- `logged_in(request, guest_session, user)`: called by the page sign-up (which logs the new
  person in) and the page log-in, right after `login()`; `guest_session` is the session key
  from before log-in (log-in changes it). Not called by API token creation nor by the admin.
  Registered: commerce's cart merge (`commerce.views.common.cart_after_log_in`, in
  `commerce/apps.py`).
"""

from agora.core.hooks import Hook

logged_in = Hook("logged_in", __doc__ or "")
