from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The seller dashboard: pages where a shop's owner and staff manage their catalog."""

    name = "agora.dashboard"
    label = "dashboard"
    verbose_name = _("Seller dashboard")
