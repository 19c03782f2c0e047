from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Reviews, questions and answers, and communities (forums): what buyers, sellers and
    experts say about products, tied to real purchases and verified expertise."""

    name = "agora.community"
    label = "community"

    def ready(self) -> None:
        from agora.community import hook_handlers  # noqa: PLC0415 (imports models: after apps load)

        hook_handlers.register()
