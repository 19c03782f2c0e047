import pytest


@pytest.fixture(autouse=True)
def _run_on_commit_tasks(django_capture_on_commit_callbacks):
    """Fan-out runs from transaction.on_commit; run those callbacks as they are captured."""
    with django_capture_on_commit_callbacks(execute=True):
        yield
