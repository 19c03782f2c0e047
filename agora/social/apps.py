from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "agora.social"
    label = "social"
