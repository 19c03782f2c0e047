from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "agora.catalog"
    label = "catalog"
