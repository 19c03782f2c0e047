"""Twenty people comment "SOLD M" at once on the last three M: three holds, seventeen "sold
out" answers, never more reserved than on hand (real server, real threads)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from agora.accounts.services import token_create
from agora.catalog.models import Variant
from agora.commerce.models import CartLine, Hold
from agora.social.models import Comment
from agora.social.services.posts import post_create
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post_all(url, tokens, text):
    def post(token):
        return requests.post(
            url,
            json={"text": text},
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(post, tokens))


def test_twenty_sold_m_comments_on_three_units_make_exactly_three_holds(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    seller = UserFactory()
    shop = ShopFactory(owner=seller)
    product = ProductFactory(
        shop=shop,
        variants=[{"options": {"size": "S"}, "stock": 5}, {"options": {"size": "M"}, "stock": 3}],
    )
    post = post_create(
        user=seller, as_shop=shop.handle, text="Last ones!", product_ids=[product.pk],
        comment_to_buy=True,
    )  # fmt: skip
    tokens = [token_create(user=UserFactory())[1] for _ in range(20)]

    responses = _post_all(f"{live_server.url}/api/v1/posts/{post.pk}/comments", tokens, "SOLD M")

    assert [r.status_code for r in responses] == [201] * 20
    m = next(v for v in Variant.objects.filter(product=product) if v.options == {"size": "M"})
    assert (m.stock, m.reserved, m.available) == (3, 3, 0)
    assert Hold.objects.filter(variant=m, status="active").count() == 3
    assert CartLine.objects.filter(variant=m, hold__isnull=False).count() == 3
    answers = list(Comment.objects.filter(parent__isnull=False).values_list("text", flat=True))
    assert len(answers) == 20
    assert sum("Reserved for you" in a for a in answers) == 3
    assert sum(a.endswith("Sold out, sorry!") for a in answers) == 17
