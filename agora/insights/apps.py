from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "agora.insights"
    label = "insights"
