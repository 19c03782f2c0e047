import pytest

from agora.moderation.models import Report
from agora.social.models import Comment
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_reports_a_post_and_gets_an_open_report(make_api, publish):
    post_id = publish(UserFactory(), "Buy followers here")
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "status": "open"}
    report = Report.objects.get(pk=body["id"])
    assert (report.target_type, report.target_id, report.reason) == ("post", post_id, "spam")


def test_every_kind_of_target_can_be_reported(make_api, publish):
    author = UserFactory()
    post_id = publish(author, "A post")
    reporter = make_api(UserFactory())
    comment_id = reporter.post(f"/posts/{post_id}/comments", {"text": "hm"}).json()["id"]
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    targets = [
        ("post", post_id),
        ("comment", comment_id),
        ("person", author.pk),
        ("shop", shop.pk),
        ("product", product.pk),
    ]
    for kind, target_id in targets:
        response = reporter.post(
            "/reports", {"target_type": kind, "target_id": target_id, "reason": "harassment"}
        )
        assert response.status_code == 201, (kind, response.content)
    assert Report.objects.count() == 5


def test_reporting_needs_a_token(make_api, publish):
    post_id = publish(UserFactory())
    response = make_api(None).post(
        "/reports", {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    )
    assert response.status_code == 401
    assert Report.objects.count() == 0


@pytest.mark.parametrize("reason", list(Report.Reason.values))
def test_each_reason_can_be_chosen_with_or_without_words(make_api, publish, reason):
    post_id = publish(UserFactory())
    body = {"target_type": "post", "target_id": post_id, "reason": reason}
    if reason == "other":
        body["details"] = "Sells my photos as his own."
    response = make_api(UserFactory()).post("/reports", body)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.reason == reason
    assert report.details == body.get("details", "")


@pytest.mark.parametrize("reason", ["", "   ", "Bad", "fraud", "x" * 1001, "spam spam"])
def test_an_unknown_reason_is_refused_naming_the_reason(make_api, publish, reason):
    post_id = publish(UserFactory())
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "post", "target_id": post_id, "reason": reason}
    )
    assert response.status_code == 422, response.content
    assert "reason" in response.json()["error"]["fields"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("details", ["", "   "])
def test_other_needs_words(make_api, publish, details):
    post_id = publish(UserFactory())
    response = make_api(UserFactory()).post(
        "/reports",
        {"target_type": "post", "target_id": post_id, "reason": "other", "details": details},
    )
    assert response.status_code == 422, response.content
    assert "details" in response.json()["error"]["fields"]
    assert Report.objects.count() == 0


def test_details_of_1000_characters_pass_and_1001_are_refused(make_api, publish):
    post_id = publish(UserFactory())
    api = make_api(UserFactory())
    body = {"target_type": "post", "target_id": post_id, "reason": "spam"}
    response = api.post("/reports", {**body, "details": "x" * 1001})
    assert response.status_code == 422
    assert "details" in response.json()["error"]["fields"]
    assert api.post("/reports", {**body, "details": "x" * 1000}).status_code == 201


def test_the_reason_is_read_in_any_case(make_api, publish):
    post_id = publish(UserFactory())
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    )
    assert response.status_code == 201
    assert Report.objects.get().reason == "spam"


def test_unknown_target_type_names_the_field(make_api):
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "planet", "target_id": 1, "reason": "Spam"}
    )
    assert response.status_code == 422
    assert "target_type" in response.json()["error"]["fields"]


def test_missing_target_id_is_a_clear_error(make_api):
    response = make_api(UserFactory()).post("/reports", {"target_type": "post", "reason": "spam"})
    assert response.status_code == 422
    assert "target_id" in response.json()["error"]["fields"]


@pytest.mark.parametrize("kind", ["post", "comment", "person", "shop", "product"])
def test_reporting_something_that_does_not_exist_is_404(make_api, kind):
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": kind, "target_id": 987654, "reason": "Spam"}
    )
    assert response.status_code == 404
    assert Report.objects.count() == 0


def test_reporting_a_followers_only_post_you_cannot_see_is_404(make_api, publish):
    post_id = publish(UserFactory(), "Just for my followers", visibility="followers")
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    )
    assert response.status_code == 404
    assert Report.objects.count() == 0


def test_reporting_a_hidden_comment_or_a_suspended_person_is_404(make_api, publish):
    author = UserFactory()
    post_id = publish(author)
    commenter = UserFactory()
    comment_id = make_api(commenter).post(f"/posts/{post_id}/comments", {"text": "x"}).json()["id"]
    Comment.objects.filter(pk=comment_id).update(is_hidden=True)
    reporter = make_api(UserFactory())
    assert (
        reporter.post(
            "/reports", {"target_type": "comment", "target_id": comment_id, "reason": "spam"}
        ).status_code
        == 404
    )
    author.is_active = False
    author.save()
    assert (
        reporter.post(
            "/reports", {"target_type": "person", "target_id": author.pk, "reason": "spam"}
        ).status_code
        == 404
    )


def test_a_draft_product_of_someone_elses_shop_cannot_be_reported(make_api):
    product = ProductFactory(shop=ShopFactory(), status="draft")
    response = make_api(UserFactory()).post(
        "/reports", {"target_type": "product", "target_id": product.pk, "reason": "spam"}
    )
    assert response.status_code == 404


def test_reporting_the_same_thing_twice_returns_the_open_report(make_api, publish):
    post_id = publish(UserFactory())
    reporter = make_api(UserFactory())
    payload = {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    first = reporter.post("/reports", payload)
    second = reporter.post("/reports", {**payload, "reason": "scam"})
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Report.objects.get().reason == "spam"


def test_two_people_reporting_the_same_post_make_two_reports(make_api, publish):
    post_id = publish(UserFactory())
    payload = {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    assert make_api(UserFactory()).post("/reports", payload).status_code == 201
    assert make_api(UserFactory()).post("/reports", payload).status_code == 201
    assert Report.objects.count() == 2


def test_after_a_report_is_resolved_the_same_person_can_report_again(make_api, publish, mod_api):
    post_id = publish(UserFactory())
    reporter = make_api(UserFactory())
    payload = {"target_type": "post", "target_id": post_id, "reason": "Spam"}
    first = reporter.post("/reports", payload).json()
    mod_api.post(f"/moderation/reports/{first['id']}/resolve", {"action": "dismiss"})
    again = reporter.post("/reports", payload)
    assert again.status_code == 201
    assert again.json()["id"] != first["id"]


def test_reports_are_rate_limited_per_account(make_api, publish, settings):
    settings.AGORA_RATES = {**settings.AGORA_RATES, "report": "2/m"}
    post_ids = [publish(UserFactory(), f"post {i}") for i in range(3)]
    reporter = make_api(UserFactory())
    responses = [
        reporter.post("/reports", {"target_type": "post", "target_id": pid, "reason": "Spam"})
        for pid in post_ids
    ]
    assert [r.status_code for r in responses] == [201, 201, 429]
    assert int(responses[-1]["Retry-After"]) > 0
    assert responses[-1].json()["error"]["code"] == "rate_limited"
    assert Report.objects.count() == 2
    # Another account has its own allowance.
    other = make_api(UserFactory())
    response = other.post(
        "/reports", {"target_type": "post", "target_id": post_ids[2], "reason": "Spam"}
    )
    assert response.status_code == 201
