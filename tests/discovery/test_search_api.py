"""GET /api/v1/search: words in French, German and English find their inflected forms,
accents and typos are forgiven, filters and sorts work, nothing invisible is ever returned,
and no query string can break it. Runs the same on SQLite (FTS5) and PostgreSQL."""

import pytest
from django.db import connection

from agora.accounts.services import profile_update
from agora.discovery.models import SearchDocument
from agora.discovery.services.search import search_index_rebuild
from agora.shops.services import shop_update
from agora.social.models import Follow, Post
from agora.social.services.posts import post_create, post_delete, post_hidden_set, post_update
from tests.discovery.conftest import titles
from tests.factories import ProductFactory, ShopFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(api, **params):
    return api.get("/search", params)


# --- languages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("chaussures", "Chaussure de marche"),
        ("robes", "Robe d'été en lin"),
        ("ROBE LIN", "Robe d'été en lin"),
        ("Taschen", "Tasche aus Leder"),
        ("Kleider", "Kleid mit Blumen"),
        ("bag", "Leather bags"),
        ("mugs", "Café mug"),
        ("cafe", "Café mug"),
        ("stoneware", "Café mug"),
    ],
)
def test_words_find_their_inflected_and_accented_forms(api, catalog, q, found):
    assert titles(search(api, q=q)) == [found]


def test_a_typo_finds_the_word_it_meant(api, catalog):
    assert titles(search(api, q="leathr")) == ["Leather bags"]
    assert titles(search(api, q="chausure")) == ["Chaussure de marche"]


def test_words_nothing_resembles_find_nothing(api, catalog):
    assert titles(search(api, q="zzqx")) == []
    assert titles(search(api, q="the")) == []


# --- what is never returned --------------------------------------------------------------------
def test_drafts_archived_products_and_closed_shops_are_never_found(api, catalog, make_api):
    assert titles(search(api, q="leather")) == ["Leather bags"]
    # Not even for the shop's own team: search shows what is on sale.
    owner_api = make_api(catalog["shops"]["goods"].members.get().user)
    assert titles(search(owner_api, q="leather")) == ["Leather bags"]
    other = ShopFactory(handle="closed", is_active=False)
    ProductFactory(shop=other, title="Leather gloves")
    search_index_rebuild()
    assert titles(search(api, q="leather")) == ["Leather bags"]


def test_a_product_is_found_as_soon_as_its_create_call_returns_and_gone_once_archived(
    make_api, catalog
):
    owner = catalog["owner"]
    api = make_api(owner)
    created = api.post(
        "/shops/maison/products",
        {"title": "Sac à dos en toile", "price": {"amount": 4500, "currency": "EUR"}},
    )
    assert created.status_code == 201, created.content
    assert titles(search(api, q="sacs dos")) == ["Sac à dos en toile"]
    renamed = api.patch(f"/products/{created.json()['id']}", {"title": "Cabas en toile"})
    assert renamed.status_code == 200
    assert titles(search(api, q="sac")) == []
    assert titles(search(api, q="cabas")) == ["Cabas en toile"]
    assert api.delete(f"/products/{created.json()['id']}").status_code == 200
    assert titles(search(api, q="cabas")) == []


def test_posts_public_only_hidden_and_deleted_ones_disappear(make_api, catalog):
    author = UserFactory(username="claire", language="fr")
    fan = UserFactory(username="fan")
    Follow.objects.create(follower=fan, target=author.actor)
    public = post_create(user=author, text="Mes nouvelles chaussures de randonnée #robes")
    post_create(user=author, text="Chaussures secrètes", visibility=Post.Visibility.FOLLOWERS)
    fan_api = make_api(fan)

    found = search(fan_api, q="chaussure", type="posts")
    assert [p["id"] for p in found.json()["items"]] == [public.pk]
    assert {"id", "url", "author", "like_count", "liked_by_me"} <= set(found.json()["items"][0])
    # Tags are found in any language, `kind` is an alias of `type`.
    assert titles(search(fan_api, q="robe", kind="tags")) == ["robes"]

    post_update(user=author, post=public, text="Mes nouvelles bottes")
    assert search(fan_api, q="chaussure", type="posts").json()["items"] == []
    assert len(search(fan_api, q="bottes", type="posts").json()["items"]) == 1
    post_hidden_set(post=public, hidden=True)
    assert search(fan_api, q="bottes", type="posts").json()["items"] == []
    post_hidden_set(post=public, hidden=False)
    assert len(search(fan_api, q="bottes", type="posts").json()["items"]) == 1
    post_delete(user=author, post=public)
    assert search(fan_api, q="bottes", type="posts").json()["items"] == []
    assert not SearchDocument.objects.filter(kind="posts", object_id=public.pk).exists()


def test_people_and_shops_are_found_by_name_handle_and_words(api, catalog):
    person = UserFactory(username="jonas")
    profile_update(user=person, display_name="Jonas Weber", bio="Ich röste Kaffee", language="de")
    assert titles(search(api, q="weber", type="people")) == ["jonas"]
    assert titles(search(api, q="Kaffees röste", type="people")) == ["jonas"]
    shop_update(actor=catalog["owner"], shop=catalog["shops"]["maison"], name="Maison Soleil")
    assert titles(search(api, q="soleil", type="shops")) == ["Maison Soleil"]
    assert titles(search(api, q="maison", type="shops")) == ["Maison Soleil"]


# --- filters and sorts -------------------------------------------------------------------------
def test_filters_shop_category_with_subcategories_price_and_stock(api, catalog):
    assert titles(search(api, q="lin", shop="laden")) == []
    assert titles(search(api, q="chaussure", category="clothes")) == ["Chaussure de marche"]
    assert titles(search(api, q="chaussure", category="bags")) == []
    assert titles(search(api, q="bags", min_price="20", max_price="40")) == ["Leather bags"]
    assert titles(search(api, q="bags", max_price="29.99")) == []
    assert titles(search(api, q="bags", in_stock="true")) == []


def test_sorts_by_price_and_newest(api, catalog):
    for title in ("Linen shirt", "Linen scarf", "Linen towel"):
        ProductFactory(shop=catalog["shops"]["goods"], title=title, price_amount=len(title) * 100)
    search_index_rebuild()
    assert titles(search(api, q="linen", sort="price_asc")) == [
        "Linen shirt",
        "Linen scarf",
        "Linen towel",
    ]
    assert titles(search(api, q="linen", sort="newest")) == [
        "Linen towel",
        "Linen scarf",
        "Linen shirt",
    ]
    assert len(titles(search(api, q="linen"))) == 3


def test_relevance_pages_follow_each_other_without_repeats(api, catalog):
    for i in range(7):
        ProductFactory(shop=catalog["shops"]["goods"], title=f"Wool hat {'wool ' * (i % 3)}{i}")
    search_index_rebuild()
    seen, cursor = [], None
    while True:
        answer = api.get(
            "/search", {"q": "wool", "limit": 3, **({"cursor": cursor} if cursor else {})}
        )
        body = answer.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7


def test_invalid_values_are_422_naming_the_field(api, catalog):
    for params, field in [
        ({"type": "cats"}, "type"),
        ({"sort": "loudest"}, "sort"),
        ({"min_price": "cheap"}, "min_price"),
        ({"min_price": "5", "max_price": "1"}, "max_price"),
        ({"shop": "nobody"}, "shop"),
        ({"category": "nothing"}, "category"),
    ]:
        answer = api.get("/search", {"q": "robe", **params})
        assert answer.status_code == 422, params
        assert field in answer.json()["error"]["fields"], params
    # Product filters don't apply to posts: ignored.
    assert api.get("/search", {"q": "robe", "type": "posts", "shop": "nobody"}).status_code == 200


# --- hostile input -----------------------------------------------------------------------------
INJECTIONS = [
    '"',
    '""',
    "*",
    "robe*",
    "NEAR(robe lin)",
    "' OR 1=1 --",
    "robe' OR '1'='1",
    "robe); DROP TABLE discovery_searchdocument; --",
    "title_stems:robe",
    "language : fr",
    "robe AND NOT lin",
    "-robe",
    "^robe",
    "\\",
    "%",
    "%%s",
    "{title_stems}",
    "a" * 10_000,
    "é" * 3000,
    "robe " * 500,
    "🙂 robe",
]


@pytest.mark.parametrize("q", INJECTIONS)
@pytest.mark.parametrize("kind", ["products", "posts", "tags"])
def test_no_query_string_breaks_search_or_reaches_the_sql(api, catalog, q, kind):
    answer = api.get("/search", {"q": q, "type": kind})
    assert answer.status_code == 200, answer.content
    found = titles(answer)
    assert len(found) <= 1  # at most the robe: never "everything"
    assert SearchDocument.objects.count() > 0


def test_a_nul_character_is_refused_or_ignored_never_a_500(api, catalog):
    answer = api.get("/search", {"q": "robe\x00lin"})
    assert answer.status_code in {200, 422}
    if answer.status_code == 422:
        assert "q" in answer.json()["error"]["fields"]


# --- query counts ------------------------------------------------------------------------------
def _products(shop, n):
    for i in range(n):
        ProductFactory(shop=shop, title=f"Ceramic bowl {i}")


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_is_the_same_at_5_and_50_results(api, catalog, n, django_assert_num_queries):
    _products(catalog["shops"]["goods"], n)
    search_index_rebuild()
    # The exact-match check, the page, then the card prefetches (variants, personalization,
    # media): the same at any size.
    with django_assert_num_queries(5):
        answer = api.get("/search", {"q": "bowls", "limit": 100})
    assert len(answer.json()["items"]) == n


@pytest.mark.parametrize("n", [5, 50])
def test_post_search_query_count_is_the_same_at_5_and_50_results(
    api, catalog, n, django_assert_num_queries
):
    author = UserFactory(username="poster")
    for i in range(n):
        post_create(user=author, text=f"My teapot number {i}")
    with django_assert_num_queries(_POST_QUERIES):
        answer = api.get("/search", {"q": "teapots", "type": "posts", "limit": 100})
    assert len(answer.json()["items"]) == n


_POST_QUERIES = 4  # the exact-match check, the page, its media and product tags


def test_the_engine_is_the_databases_own(catalog):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM discovery_searchdocument WHERE tsv @@ "
                "plainto_tsquery('french', 'chaussures')"
            )
            assert cursor.fetchone()[0] == 1
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM discovery_search_fts WHERE discovery_search_fts MATCH ?",
                ['"chaussur"'],
            )
            assert cursor.fetchone()[0] == 1
