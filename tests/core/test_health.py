from tests.factories import UserFactory


def test_health_reports_ok_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_an_unknown_api_address_is_a_json_404(client, db):
    for path in ("/api/v1/nothing", "/api/v1/tags/a%2Fb/posts", "/api/v2/posts"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_page_is_the_sites_404_page(client, db):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unreadable_multipart_body_under_the_api_is_a_json_400(make_api, db):
    api = make_api(UserFactory())
    response = api.client.post(
        "/api/v1/media",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=",
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
