"""Password reset by e-mail (Django's views), with links built from AGORA_BASE_URL only."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from agora.core.ratelimit import RateLimited, enforce


def _origin() -> tuple[str, bool]:
    base = urlsplit(settings.AGORA_BASE_URL)
    return base.netloc, base.scheme == "https"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset/form.html"
    email_template_name = "accounts/password_reset/email.txt"
    subject_template_name = "accounts/password_reset/subject.txt"
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
        # Never trust the Host header for the link: the one origin is AGORA_BASE_URL.
        self.domain_override, self.use_https = _origin()
        self.extra_email_context = {"base_url": settings.AGORA_BASE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset/done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset/confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset/complete.html"
