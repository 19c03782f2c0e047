"""What apps above accounts may hook into (registered in their `AppConfig.ready()`).

- `logged_in(request, guest_session, user)`: called by the page sign-up (which logs the new
  person in) and the page log-in, right after `login()`; `guest_session` is the session key
  from before log-in (log-in changes it). Not called by API token creation nor by the admin.
  Registered: commerce's cart merge (`commerce.views.common.cart_after_log_in`, in
  `commerce/apps.py`).
- `profile_changed(user)`: called by `user_register` and `profile_update` inside their
  transaction, after the person is saved. Handlers keep what is derived from profiles current:
  discovery's search index (in the same transaction).
"""

from agora.core.hooks import Hook

logged_in = Hook("logged_in", __doc__ or "")
profile_changed = Hook("profile_changed", __doc__ or "")
