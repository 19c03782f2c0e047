from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The seller dashboard: pages where a shop's owner and staff manage their catalog and
    read their analytics."""

    name = "agora.dashboard"
    label = "dashboard"
    verbose_name = _("Seller dashboard")

    def ready(self) -> None:
        from agora.dashboard.panels import post_insights_panel  # noqa: PLC0415 (after apps load)
        from agora.social import hooks as social_hooks  # noqa: PLC0415

        social_hooks.post_insights_panel.register(post_insights_panel)
