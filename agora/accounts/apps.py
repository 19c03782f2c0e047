from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "agora.accounts"
    label = "accounts"

    def ready(self) -> None:
        from agora.accounts.selectors import token_for  # noqa: PLC0415 (models load after apps)
        from agora.core.auth import token_lookup  # noqa: PLC0415 (with the selector it serves)

        token_lookup.register(token_for)
