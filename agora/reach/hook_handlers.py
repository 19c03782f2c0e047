"""Every handler this app registers with the hooks and slots of the apps below it, in one
place (called from `AppConfig.ready()`)."""


def register() -> None:
    """Registers this app's handlers (once, at start-up)."""
