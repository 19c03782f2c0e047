"""One way to paginate: every JSON list answers `{"items", "next_cursor"}` through core's
`CursorPagination`, clamps `limit` instead of refusing it, starts over on a cursor it cannot
read, and keeps its pages stable while new rows arrive."""

import base64
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from agora.api import api
from agora.core.pagination import (
    MAX_LIMIT,
    CursorPagination,
    Listing,
    OnePagePagination,
    Page,
    decode_cursor,
    decode_keys,
    encode_cursor,
)
from agora.engagement.services import campaign_create
from agora.social.models import Comment, Notification, Tag
from agora.social.services.posts import post_create
from tests.community.factories_forums import CommunityFactory, ThreadFactory
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, UserFactory

V1 = "/api/v1"


def _b64(raw: str | bytes) -> str:
    data = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


BAD_CURSORS = {
    "garbage": "!!garbage!!",
    "not base64": "%%%",
    "base64 of nothing": "AAAA",
    "one char too many": "AAAAA",
    "padding only": "====",
    "non-ascii": "ü",
    "plain text": "v1:5",
    "a bare number": "99999999999999999999",
    "not a number": _b64("v1:abc"),
    "a decimal": _b64("v1:1.5"),
    "a signed number": _b64("v1:+5"),
    "another script's digits": _b64("v1:١٢"),
    "a space": _b64("v1: 5"),
    "huge": _b64(f"v1:{10**30}"),
    "past 64 bits": _b64(f"v1:{2**63}"),
    "past the largest id": _b64(f"v1:{2**53 + 2}"),
    "negative": _b64("v1:-5"),
    "NUL inside": _b64("v1:\x005"),
    "unknown version": _b64("v9:5"),
    "too many keys": _b64("v1:5:7"),
    "no keys": _b64("v1"),
    "not UTF-8": _b64(b"\xff\xfe\xfd"),
    "very long": "A" * 4000,
}


# --- the codec ------------------------------------------------------------------------------
def test_a_cursor_round_trips_and_is_safe_in_a_url():
    cursor = encode_cursor(2**53)
    assert decode_cursor(cursor) == 2**53
    assert quote(cursor, safe="") == cursor
    keys = encode_cursor(-(2**63), 0, 2**63 - 1, kind="c1")
    assert decode_keys(keys, kind="c1", size=3) == (-(2**63), 0, 2**63 - 1)


def test_cursors_written_before_one_codec_still_read():
    # The feed's and the community's own codecs wrote exactly this; links already out there
    # keep working.
    assert decode_keys(_b64("t1:1700000000:42"), kind="t1", size=2) == (1700000000, 42)
    assert decode_keys(_b64("c1:1:0:42"), kind="c1", size=3) == (1, 0, 42)
    assert decode_cursor(_b64("v1:42")) == 42


@pytest.mark.parametrize("cursor", [None, "", "\x00", "a\x00b", *BAD_CURSORS.values()])
def test_a_bad_cursor_decodes_to_nothing_and_never_raises(cursor):
    assert decode_cursor(cursor) is None
    assert decode_keys(cursor, kind="t1", size=2) is None


def test_a_cursor_of_one_kind_is_no_cursor_for_another():
    assert decode_cursor(_b64("t1:5:7")) is None
    assert decode_keys(encode_cursor(5, 7, kind="t1"), kind="c1", size=2) is None
    assert decode_keys(encode_cursor(5, 7, kind="t1"), kind="t1", size=3) is None


# --- the paginator, given what a view returns ---------------------------------------------------
def test_a_selector_built_page_goes_through_as_built_and_shown():
    pagination = CursorPagination()
    built = Page(items=[1, 2], next_cursor="next")

    assert pagination.page(built, cursor=None, limit=None) is built
    shown = pagination.page(Listing(built, each=str), cursor=None, limit=None)
    assert shown == Page(items=["1", "2"], next_cursor="next")
    whole = Listing(built, out=lambda page: [sum(page.items)])
    assert pagination.page(whole, cursor=None, limit=None) == Page([3], "next")


def test_a_page_selector_gets_the_cursor_and_the_clamped_limit():
    calls = []

    def selector(*, cursor, limit):
        calls.append((cursor, limit))
        return Page(items=[], next_cursor=None)

    CursorPagination().page(Listing(selector), cursor="abc", limit="1000")
    CursorPagination().page(Listing(selector), cursor=None, limit="x")
    assert calls == [("abc", MAX_LIMIT), (None, 20)]
    one_page = OnePagePagination().page(
        Listing(lambda *, limit: list(range(limit))), cursor=None, limit="0"
    )
    assert one_page == Page(items=[0], next_cursor=None)


def test_a_listing_takes_each_or_out_not_both():
    with pytest.raises(TypeError):
        Listing([], each=str, out=list)
    with pytest.raises(TypeError):
        CursorPagination().page(Listing(object()), cursor=None, limit=None)


# --- limit ------------------------------------------------------------------------------------
@pytest.fixture
def crowded(db, make_api):
    """A person with 105 notifications, and 105 tags in use."""
    me, them = UserFactory(), UserFactory()
    Notification.objects.bulk_create(
        Notification(recipient=me, actor=them.actor, kind=Notification.Kind.FOLLOW)
        for _ in range(105)
    )
    Tag.objects.bulk_create(Tag(name=f"tag{i}", post_count=1) for i in range(105))
    return make_api(me)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "size"),
    [
        ("0", 1),
        ("-5", 1),
        ("1", 1),
        ("1000", MAX_LIMIT),
        ("99999999999999999999", MAX_LIMIT),
        ("abc", 20),
        ("1.5", 20),
        ("", 20),
        (None, 20),
    ],
)
def test_limit_is_clamped_never_refused(crowded, limit, size):
    query = "" if limit is None else f"?limit={limit}"
    for path in ("/notifications", "/tags"):
        response = crowded.get(f"{path}{query}")
        assert response.status_code == 200, (path, response.content)
        assert len(response.json()["items"]) == size, path


@pytest.mark.django_db
def test_a_one_page_list_says_there_is_no_next_page(crowded):
    assert crowded.get("/tags?limit=1").json()["next_cursor"] is None
    assert crowded.get("/notifications?limit=1").json()["next_cursor"] is not None


# --- stable pages -----------------------------------------------------------------------------
def _walk(client, path: str, *, limit: int, between=None) -> list[int]:
    ids, cursor = [], None
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(f"{path}?{query}").json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if between is not None:
            between()
        if cursor is None:
            return ids


@pytest.mark.django_db
def test_newest_first_pages_stay_stable_while_new_rows_arrive(make_api):
    me, them = UserFactory(), UserFactory()

    def notify():
        return Notification.objects.create(
            recipient=me, actor=them.actor, kind=Notification.Kind.FOLLOW
        ).pk

    before = [notify() for _ in range(7)]
    me_api = make_api(me)

    seen = _walk(me_api, "/notifications", limit=2, between=notify)

    assert seen == sorted(before, reverse=True)  # no duplicates, no gaps, none of the new ones
    newest = me_api.get("/notifications?limit=2").json()["items"]
    assert [n["id"] for n in newest] == sorted(
        Notification.objects.values_list("pk", flat=True), reverse=True
    )[:2]


@pytest.mark.django_db
def test_oldest_first_pages_stay_stable_while_new_rows_arrive(make_api):
    author = UserFactory()
    post = post_create(user=author, text="Comment on me")

    def comment():
        return Comment.objects.create(post=post, author=author, text="More").pk

    before = [comment() for _ in range(5)]
    added = []

    seen = _walk(
        make_api(author),
        f"/posts/{post.pk}/comments",
        limit=2,
        between=lambda: added.append(comment()),
    )

    # Oldest first, what arrives comes after what was read: each row once, in order.
    assert seen[: len(before)] == before
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen))
    assert set(seen) - set(before) <= set(added)


# --- every list in the published document -----------------------------------------------------
# Small collections answered whole as a JSON array: not lists in the contract's sense.
WHOLE_COLLECTIONS = {
    ("get", "/api/v1/categories"),  # the category tree
    ("get", "/api/v1/shops/{handle}/members"),  # a shop's team
    ("get", "/api/v1/auth/tokens"),  # the caller's API tokens
}
# Lists that are one page by nature: `?limit=` only, `next_cursor` always null.
ONE_PAGE = {("get", "/api/v1/tags"), ("get", "/api/v1/notifications/grouped")}


def _document() -> dict:
    return api.get_openapi_schema()


def _resolve(schema: dict, components: dict) -> tuple[str | None, dict]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, components[name]
    return None, schema


def _lists(document: dict):
    """(method, path, operation, response name, response schema) of every operation whose 200
    answer is a collection: an array, or an object with `items`."""
    components = document["components"]["schemas"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            ok = operation["responses"].get("200") or operation["responses"].get(200)
            content = (ok or {}).get("content", {}).get("application/json")
            if content is None:
                continue
            name, schema = _resolve(content["schema"], components)
            if schema.get("type") == "array" or "items" in schema.get("properties", {}):
                yield method, path, operation, name, schema


def _paginators():
    """{(method, path): the paginator instance} of every operation django-ninja paginates."""
    found = {}
    for router in api._get_bound_routers():
        for route, path_view in router.path_operations.items():
            for op in path_view.operations:
                for callback in getattr(op.view_func, "_ninja_contribute_to_operation", []):
                    paginator = getattr(callback, "args", [None])[0]
                    for method in op.methods:
                        found[(method.lower(), f"{V1}{route}")] = paginator
    return found


def test_every_list_operation_answers_items_and_next_cursor():
    document = _document()
    components = document["components"]["schemas"]
    problems = []
    lists = list(_lists(document))
    for method, path, operation, name, schema in lists:
        key = (method, path)
        if key in WHOLE_COLLECTIONS:
            continue
        if schema.get("type") == "array":
            problems.append(f"{key}: a bare array")
            continue
        if set(schema["properties"]) != {"items", "next_cursor"}:
            problems.append(f"{key}: properties {sorted(schema['properties'])}")
        if set(schema.get("required", [])) != {"items", "next_cursor"}:
            problems.append(f"{key}: required {schema.get('required')}")
        items = schema["properties"]["items"]
        if items.get("type") != "array" or "$ref" not in items.get("items", {}):
            problems.append(f"{key}: items is {items}")
        cursor = schema["properties"].get("next_cursor", {})
        if sorted(o.get("type") for o in cursor.get("anyOf", [])) != ["null", "string"]:
            problems.append(f"{key}: next_cursor is {cursor}")
        params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        wanted = {"limit"} if key in ONE_PAGE else {"cursor", "limit"}
        if not wanted <= params or (key in ONE_PAGE and "cursor" in params):
            problems.append(f"{key}: query parameters {sorted(params)}")
        item = items.get("items", {}).get("$ref", "").rsplit("/", 1)[-1]
        if name != f"Paged{item}" or name not in components:
            problems.append(f"{key}: {name} is not the paginator's Paged{item}")
    found = {(method, path) for method, path, *_ in lists}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if params & {"cursor", "limit"} and (method, path) not in found:
                problems.append(f"{(method, path)}: takes {params} but answers no list")
    assert problems == []
    assert found >= WHOLE_COLLECTIONS | ONE_PAGE
    assert len(found) > 15


def test_every_list_operation_goes_through_the_one_paginator():
    paginators = _paginators()
    document = _document()
    problems = []
    for method, path, _operation, _name, _schema in _lists(document):
        key = (method, path)
        if key in WHOLE_COLLECTIONS:
            continue
        paginator = paginators.get(key)
        expected = OnePagePagination if key in ONE_PAGE else CursorPagination
        if type(paginator) is not expected:
            problems.append(f"{key}: paginated by {paginator!r}, not {expected.__name__}")
    assert problems == []


def test_schemas_the_paginator_names_alike_are_alike():
    # django-ninja builds one `Paged<Item>` per operation: two operations listing the same item
    # must publish the same schema under the one name.
    by_name: dict[str, set[str]] = {}
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                for model in (op.response_models or {}).values():
                    if model is None:
                        continue
                    answer = model.model_fields["response"].annotation
                    if getattr(answer, "__name__", "").startswith("Paged"):
                        schema = json.dumps(answer.model_json_schema(), sort_keys=True)
                        by_name.setdefault(answer.__name__, set()).add(schema)
    assert by_name
    assert {name: len(s) for name, s in by_name.items() if len(s) > 1} == {}


# --- bad input on every list, through HTTP ------------------------------------------------------
@pytest.fixture
def world(db, make_api):
    from agora.discovery.services.picklists import picklist_create

    """A moderator who owns a shop with a product, with a post tagging it and a comment, and
    the shop's running campaign."""
    me = UserFactory(username="pager", is_staff=True)
    shop = ShopFactory(handle="pagershop", owner=me)
    category = CategoryFactory(slug="pager-category")
    product = ProductFactory(shop=shop, category=category)
    post = post_create(user=me, text="Look #pager", product_ids=[product.pk])
    Comment.objects.create(post=post, author=me, text="First")
    now = timezone.now()
    campaign = campaign_create(
        user=me,
        shop=shop,
        hashtag="pager",
        title="Pager week",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
    )
    picklist = picklist_create(user=me, title="Pager picks")
    thread = ThreadFactory(community=CommunityFactory(slug="pager-community"), author=me)
    return {
        "api": make_api(me),
        "values": {
            "picklist_id": [picklist.pk],
            "handle": [me.username, shop.handle],
            "post_id": [post.pk],
            "product_id": [product.pk],
            "tag": ["pager"],
            "campaign_id": [campaign.pk],
            "slug": [category.slug, thread.community.slug],
            "thread_id": [thread.pk],
        },
    }


def _fill(path: str, values: dict) -> list[str]:
    paths = [path]
    for name, choices in values.items():
        paths = [p.replace(f"{{{name}}}", str(c)) for p in paths for c in choices]
    return paths


def _paged_paths(world) -> list[str]:
    """A path answering 200 for each list operation that takes a cursor."""
    found = []
    for method, path, operation, _name, _schema in _lists(_document()):
        params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if method != "get" or "cursor" not in params:
            continue
        url = next(
            (
                u
                for u in _fill(path.removeprefix(V1), world["values"])
                if world["api"].get(u).status_code == 200
            ),
            None,
        )
        assert url is not None, f"no 200 for {path}"
        found.append(url)
    return found


@pytest.mark.django_db
def test_a_bad_cursor_starts_every_list_over(world):
    client = world["api"]
    paths = _paged_paths(world)
    assert len(paths) > 12
    for path in paths:
        first = client.get(path).json()
        for what, cursor in BAD_CURSORS.items():
            response = client.get(f"{path}?cursor={quote(cursor, safe='')}")
            assert response.status_code == 200, (path, what, response.content)
            assert response.json() == first, (path, what)


@pytest.mark.django_db
def test_a_control_character_in_a_cursor_is_a_422_naming_it(world):
    for path in _paged_paths(world):
        response = world["api"].get(f"{path}?cursor=%00")
        assert response.status_code == 422, path
        assert list(response.json()["error"]["fields"]) == ["cursor"], path


@pytest.mark.django_db
def test_every_list_takes_any_limit(world):
    for path in _paged_paths(world):
        for limit in ("0", "abc", "1000", "-1", "99999999999999999999999"):
            response = world["api"].get(f"{path}?limit={limit}")
            assert response.status_code == 200, (path, limit, response.content)
            if limit in {"0", "-1"}:
                assert len(response.json()["items"]) <= 1, (path, limit)
