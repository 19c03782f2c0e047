from django.apps import AppConfig
from django.urls import register_converter

from agora.core.converters import IdConverter


class CoreConfig(AppConfig):
    name = "agora.core"
    label = "core"

    def ready(self) -> None:
        from agora.core import csrf  # noqa: PLC0415 (Django's CSRF module loads settings)

        register_converter(IdConverter, "id")
        csrf.install()
