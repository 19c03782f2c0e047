"""Password reset by e-mail (Django's views), with links built from AGORA_BASE_URL only.

Asking for a link answers the same way, after the same work, whether or not the address has
an account: the e-mail is written and sent by a background task (accounts.tasks)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from agora.accounts import services
from agora.core.ratelimit import RateLimited, enforce


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset/form.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def post(self, request, *args, **kwargs):
        try:
            enforce(
                request, group="password-reset", key="ip", rate=settings.AGORA_RATES["login_ip"]
            )
        except RateLimited:
            return self.render_to_response(self.get_context_data(rate_limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.password_reset_request(
            email=form.cleaned_data["email"], language=self.request.LANGUAGE_CODE
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset/done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from a reset link also revokes every API token of the account."""

    template_name = "accounts/password_reset/confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.tokens_revoke_all(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset/complete.html"
