"""Questions and answers on the product page and their own pages: what people see, the
plain forms (ask, answer, vote, accept) without JavaScript, inert HTML, constant queries."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, TestCase

from agora.catalog.models import Category
from agora.community.models import Answer, AnswerVote, Question, QuestionOptIn
from agora.community.product_questions import questions_html
from tests.community.factories_questions import answer, ask, buyer_of, expert_in
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 10


def _page(client, product) -> str:
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _post(client, url, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def test_the_product_page_shows_answers_expert_first_with_badges(client):
    category = Category.objects.create(name="Coffee", slug="coffee")
    product = ProductFactory(category=category)
    question = ask(product, text="Which grind for espresso?")
    answer(question, buyer_of(product), text="Fine, like powdered sugar.")
    answer(question, expert_in(category), text="Start fine and adjust by taste.")

    html = _page(client, product)
    assert "Which grind for espresso?" in html
    expert_at = html.index("Start fine and adjust by taste.")
    buyer_at = html.index("Fine, like powdered sugar.")
    assert expert_at < buyer_at
    assert "Verified expert" in html and "Verified buyer" in html


def test_question_and_answer_text_is_inert(client):
    product = ProductFactory()
    question = ask(product, text='<script>alert("q")</script> fits?')
    answer(question, text='<img src=x onerror="alert(1)">')
    html = _page(client, product)
    assert '<script>alert("q")</script>' not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt; fits?" in html
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_asking_answering_voting_and_accepting_through_the_forms(client):
    product = ProductFactory()
    asker, replier, voter = UserFactory(), UserFactory(), UserFactory()

    client.force_login(asker)
    response = _post(client, f"/questions/product/{product.pk}/ask", {"text": "Is it warm?"})
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{product.get_absolute_url()}#question-{question.pk}"
    assert "Is it warm?" in _page(client, product)

    client.force_login(replier)
    response = _post(client, f"/questions/{question.pk}/answer", {"text": "Very warm."})
    reply = Answer.objects.get()
    assert response["Location"].endswith(f"#answer-{reply.pk}")
    html = _page(client, product)
    assert "Very warm." in html
    assert "Accept this answer" not in html  # only the asker sees it

    client.force_login(voter)
    _post(client, f"/questions/answers/{reply.pk}/vote", {"voted": "1"})
    _post(client, f"/questions/answers/{reply.pk}/vote", {"voted": "1"})
    assert AnswerVote.objects.filter(answer=reply).count() == 1
    html = _page(client, product)
    assert "Withdraw my vote" in html
    assert "1 found this helpful" in html

    # Another person cannot accept; the asker can.
    assert (
        client.post(f"/questions/{question.pk}/accept", {"answer_id": reply.pk}).status_code == 403
    )
    client.force_login(asker)
    assert "Accept this answer" in _page(client, product)
    _post(client, f"/questions/{question.pk}/accept", {"answer_id": reply.pk})
    question.refresh_from_db()
    assert question.accepted_answer_id == reply.pk
    html = _page(client, product)
    assert "Accepted answer" in html
    assert "Accept this answer" not in html


def test_bad_text_in_the_form_is_refused_with_a_message(client):
    product = ProductFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/questions/product/{product.pk}/ask", {"text": "bad \x00 text"}, follow=True
    )
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "Control characters are not allowed." in response.content.decode()


def test_visitors_are_asked_to_sign_in(client, product):
    html = _page(client, product)
    assert "to ask a question." in html
    assert client.post(f"/questions/product/{product.pk}/ask", {"text": "Hi?"}).status_code == 302
    assert not Question.objects.exists()


def test_more_questions_than_fit_lead_to_their_own_page(client):
    product = ProductFactory()
    for i in range(7):
        ask(product, text=f"Question number {i}?")
    html = _page(client, product)
    assert "Question number 6?" in html
    assert "Question number 1?" not in html
    assert "See all 7 questions" in html
    listing = client.get(f"/questions/product/{product.pk}").content.decode()
    assert all(f"Question number {i}?" in listing for i in range(7))


def test_a_question_has_its_own_page(client, product):
    question = ask(product, text="Does it come in blue?")
    answer(question, text="Only in green.")
    response = client.get(f"/questions/{question.pk}")
    assert response.status_code == 200
    assert "Only in green." in response.content.decode()
    assert client.get("/questions/999999").status_code == 404


def test_a_buyer_opts_in_on_the_settings_page(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/questions/asked-of-me").status_code == 200
    client.post("/questions/asked-of-me", {"opted_in": "1"})
    assert QuestionOptIn.objects.filter(user=person).exists()
    client.post("/questions/asked-of-me", {"opted_in": "0"})
    assert not QuestionOptIn.objects.filter(user=person).exists()


@pytest.mark.parametrize("size", [5, 50])
def test_the_product_page_reads_a_fixed_number_of_queries_for_questions(
    client, size, django_assert_num_queries
):
    category = Category.objects.create(name="Tea", slug="tea")
    shop = ShopFactory()
    product = ProductFactory(shop=shop, category=category)
    expert = expert_in(category)
    seller = shop.members.get().user
    for i in range(size):
        question = ask(product, text=f"Question {i}?")
        for author in (expert, seller, buyer_of(product), UserFactory()):
            answer(question, author, text=f"Answer {i} by {author.username}")
    viewer = UserFactory()
    client.force_login(viewer)

    request = RequestFactory().get(product.get_absolute_url())
    request.user = viewer
    # The section alone, rendered afresh: the product's Q&A state (1, then cached), the
    # questions (1), their answers (1), the badges (categories, experts, team, buyers: 4),
    # the viewer's votes (1).
    with django_assert_num_queries(8):
        questions_html(request, product, viewer_id=viewer.pk)
    # From the cache: the viewer's votes only.
    with django_assert_num_queries(1):
        html = questions_html(request, product, viewer_id=viewer.pk)
    assert html.count('class="qa-question"') == 5
    assert html.count('id="answer-') == 20
    # The whole page, warm, signed in: the same number whatever the number of questions.
    client.get(product.get_absolute_url())
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(product.get_absolute_url()).status_code == 200


def test_the_shop_owner_reads_the_new_question_in_their_notifications(client):
    shop = ShopFactory()
    product = ProductFactory(shop=shop, title="Linen apron")
    client.force_login(UserFactory())
    _post(client, f"/questions/product/{product.pk}/ask", {"text": "Is it pre-washed?"})
    question = Question.objects.get()

    client.force_login(shop.members.get().user)
    html = client.get("/notifications").content.decode()
    assert f'href="/questions/{question.pk}"' in html
    assert "Linen apron" in html


def test_answering_an_older_question_leads_to_its_own_page(client):
    product = ProductFactory()
    old = ask(product, text="An old question?")
    for i in range(5):
        ask(product, text=f"Newer {i}?")
    client.force_login(UserFactory())
    response = _post(client, f"/questions/{old.pk}/answer", {"text": "An answer."})
    reply = Answer.objects.get()
    assert response["Location"] == f"/questions/{old.pk}#answer-{reply.pk}"
