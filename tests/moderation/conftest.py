import pytest

from tests.factories import UserFactory


@pytest.fixture
def moderator(db):
    return UserFactory(username="mod", is_staff=True)


@pytest.fixture
def mod_api(make_api, moderator):
    return make_api(moderator)


@pytest.fixture
def publish(make_api):
    """publish(user, text, **fields) → the new post's id, through the API."""

    def _publish(user, text="Hello", **fields):
        response = make_api(user).post("/posts", {"text": text, **fields})
        assert response.status_code == 201, response.content
        return response.json()["id"]

    return _publish
