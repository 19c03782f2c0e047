"""A developer opens the API docs: Swagger UI renders the operations from the project's own
static files, under the strict CSP, and the browser asks no other site for anything."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_docs_list_the_operations_without_leaving_the_site(live_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    host = urlsplit(live_server.url).netloc

    response = page.goto(live_server.url + "/api/v1/docs")

    assert response is not None and response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    # Swagger UI reads the whole schema before it draws anything: slow on a busy machine.
    expect(page.get_by_role("heading", name="Agora API")).to_be_visible(timeout=30_000)
    for path in ("/api/v1/feed", "/api/v1/cart", "/api/v1/me"):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    assert page.locator(".opblock").count() > 50
    # Opening an operation shows its parameters and responses.
    page.locator(".opblock-summary-path", has_text="/api/v1/feed").first.click()
    expect(page.locator(".opblock.is-open .responses-wrapper").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert page.console_errors == []
    outside = [
        url
        for url in requested
        if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != host
    ]
    assert outside == []
    assert any("/static/ninja/swagger-ui-bundle" in url for url in requested)
