"""The shop page, the home page and profiles keep parts that look the same to everyone cached
(the shop's head and profile, shop cards, the filters form before any filter is asked for):
an edit shows at once, what differs per request (the page's address, the CSP nonce, the
viewer's role, a welcome offer, the filters asked for) never comes from another request, and
the pages read a constant, small number of rows."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from agora.catalog.models import Product
from agora.discovery.selectors.browse import catalog_index_forget
from agora.engagement.models import Campaign
from agora.shops.models import Shop, ShopMember
from agora.social.services.follows import follow_create
from agora.social.services.posts import post_create
from tests.factories import (
    CategoryFactory,
    MediaAssetFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
)
from tests.kept_pages import normal, rendered

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def atelier(db):
    shop = ShopFactory(handle="atelier", name="Atelier Nord", description="Linen and wool.")
    ProductFactory(shop=shop, title="Linen shirt")
    return shop


# --- the shop's head and profile ------------------------------------------------------------
def test_an_edit_of_the_shop_shows_at_once_in_its_head_and_profile(client, atelier):
    before = html(client.get("/@atelier"))
    assert "<title>Atelier Nord (@atelier) · Agora</title>" in before
    assert '<meta property="og:title" content="Atelier Nord">' in before

    Shop.objects.filter(pk=atelier.pk).update(name="Atelier Sud", description="Now with cotton.")
    after = html(client.get("/@atelier"))

    assert "<title>Atelier Sud (@atelier) · Agora</title>" in after
    assert '<meta property="og:title" content="Atelier Sud">' in after
    assert "<h1>Atelier Sud</h1>" in after
    assert '<p class="bio">Now with cotton.</p>' in after
    assert '<meta name="description" content="Now with cotton.">' in after
    assert "Atelier Nord" not in after


def test_a_new_logo_shows_at_once_on_the_shop_page_and_its_card(client, atelier):
    assert "<img" not in html(client.get("/@atelier")).split('class="profile-head"')[1][:300]
    logo = MediaAssetFactory(file="uploads/test/logo.png", thumbnails={"320": "thumbs/logo.png"})
    Shop.objects.filter(pk=atelier.pk).update(logo=logo)

    page = html(client.get("/@atelier"))
    home = html(client.get("/"))

    assert "thumbs/logo.png 320w" in page.split('class="profile-head"')[1][:600]
    assert "thumbs/logo.png 320w" in home.split('class="card shop-card"')[1][:600]


def test_the_csp_nonce_of_the_link_card_is_the_requests_own(client, atelier):
    nonces = []
    for _ in range(2):
        page = html(client.get("/@atelier"))
        found = set(re.findall(r'nonce="([^"]+)"', page))
        assert len(found) == 1  # the page's script and the link card's JSON-LD share it
        nonces.append(found.pop())
    assert nonces[0] != nonces[1]


# --- shop cards ------------------------------------------------------------------------------
def test_a_renamed_or_closed_shop_shows_at_once_on_the_home_page_and_profiles(client, atelier):
    owner = atelier.members.get().user
    assert "Atelier Nord" in html(client.get("/"))
    assert "Atelier Nord" in html(client.get(f"/@{owner.username}"))

    Shop.objects.filter(pk=atelier.pk).update(name="Atelier Sud")
    assert "Atelier Sud" in html(client.get("/"))
    assert "Atelier Sud" in html(client.get(f"/@{owner.username}"))

    Shop.objects.filter(pk=atelier.pk).update(is_active=False)
    assert "Atelier Sud" not in html(client.get("/"))
    assert "Shops run by" not in html(client.get(f"/@{owner.username}"))


def test_the_home_page_lists_shops_by_name_and_the_newest_products_first(client, atelier):
    ShopFactory(handle="zeta", name="Zeta")
    ShopFactory(handle="alpha", name="Alpha")
    ProductFactory(shop=atelier, title="Wool scarf")

    page = html(client.get("/"))

    assert page.index("Alpha") < page.index("Atelier Nord") < page.index("Zeta")
    assert page.index("Wool scarf") < page.index("Linen shirt")


# --- the filters form ------------------------------------------------------------------------
def test_the_filters_form_is_the_pages_own_before_and_after_a_filter(client, atelier):
    mugs = CategoryFactory(name="Mugs", slug="mugs")
    ProductFactory(shop=atelier, title="Blue mug", category=mugs)

    # the same cached form, with each request's own address
    lower = html(client.get("/@atelier"))
    upper = html(client.get("/@Atelier"))
    assert 'action="/@atelier"' in lower
    assert 'action="/@Atelier"' in upper
    assert '<option value="mugs">Mugs (1)</option>' in lower

    # a filter asked for is shown, with Clear; the default form comes back after
    filtered = html(client.get("/@atelier?min_price=5&category=mugs"))
    assert 'name="min_price" value="5"' in filtered
    assert '<option value="mugs" selected>Mugs (1)</option>' in filtered
    assert 'href="/@atelier">Clear</a>' in filtered
    again = html(client.get("/@atelier"))
    assert 'name="min_price" value=""' in again
    assert "Clear</a>" not in again


def test_the_filters_form_shows_a_new_category_count_at_once(
    client, atelier, django_capture_on_commit_callbacks
):
    mugs = CategoryFactory(name="Mugs", slug="mugs")
    ProductFactory(shop=atelier, category=mugs)
    assert "Mugs (1)" in html(client.get("/@atelier"))

    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory(shop=atelier, category=mugs)
        catalog_index_forget()  # what the catalog's services do on a product write

    assert "Mugs (2)" in html(client.get("/@atelier"))


# --- campaigns -------------------------------------------------------------------------------
def _campaign(shop, *, status, title):
    now = timezone.now()
    return Campaign.objects.create(
        shop=shop,
        hashtag=title.lower().replace(" ", ""),
        title=title,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
        status=status,
        created_by=shop.members.get().user,
    )


def test_published_campaigns_show_to_everyone_and_drafts_to_the_team(client, signed_in, atelier):
    _campaign(atelier, status=Campaign.Status.RUNNING, title="Summer linen")
    _campaign(atelier, status=Campaign.Status.DRAFT, title="Winter wool")

    visitor = html(client.get("/@atelier"))
    assert "Summer linen" in visitor
    assert "Winter wool" not in visitor

    signed_in(atelier.members.get().user)
    team = html(client.get("/@atelier"))
    assert "Summer linen" in team
    assert "Winter wool" in team
    assert "New campaign" in team


def test_a_shop_without_campaigns_shows_none_and_its_team_may_start_one(client, signed_in, atelier):
    assert 'id="campaigns-title"' not in html(client.get("/@atelier"))
    signed_in(atelier.members.get().user)
    assert "No campaigns yet." in html(client.get("/@atelier"))


# --- the viewer's role -----------------------------------------------------------------------
def test_staff_see_the_manage_link_and_drafts_and_others_do_not(client, signed_in, atelier):
    ProductFactory(shop=atelier, title="Secret draft", status=Product.Status.DRAFT)
    staff = UserFactory()
    ShopMember.objects.create(shop=atelier, user=staff, role=ShopMember.Role.STAFF)

    signed_in(UserFactory())
    stranger = html(client.get("/@atelier"))
    assert "Secret draft" not in stranger
    assert "Manage</a>" not in stranger

    client.logout()
    signed_in(staff)
    team = html(client.get("/@atelier"))
    assert "Secret draft" in team
    assert "Manage</a>" in team


# --- query budgets ---------------------------------------------------------------------------
@pytest.mark.parametrize("products", [5, 30])
def test_the_shop_page_reads_the_same_rows_whatever_its_size(
    client, products, add_media, django_assert_num_queries
):
    shop = ShopFactory(handle="potter")
    for i in range(products):
        product = ProductFactory(shop=shop)
        if i % 4 == 0:
            add_media(product, angle="front")
    client.get("/c")  # the category tree and counts (cached for a minute)

    # the shop with the viewer's facts (its follower count and whether it ever posted among
    # them), its products (the trending ones, then the others), their covers; a shop that
    # never posted has no posts to read
    with django_assert_num_queries(4):
        html(client.get("/@potter"))
    post_create(user=shop.members.get().user, text="Hello", as_shop="potter")
    with django_assert_num_queries(7):  # its posts, with their media and tagged products
        html(client.get("/@potter"))


@pytest.mark.parametrize("products", [5, 30])
def test_the_home_page_reads_three_queries_whatever_its_size(
    client, products, add_media, django_assert_num_queries
):
    for i in range(products):
        product = ProductFactory()
        if i % 3 == 0:
            add_media(product, angle="front")

    # the newest products with their labels, their covers, the shops
    with django_assert_num_queries(3):
        html(client.get("/"))


# --- the page kept whole -----------------------------------------------------------------------


def test_the_shop_page_is_kept_whole_and_renders_only_its_live_parts(client, signed_in, atelier):
    signed_in(UserFactory(username="kim"))
    first = client.get("/@atelier")
    second = client.get("/@atelier")
    assert "storefront/shop_detail.html" in rendered(first)
    assert "storefront/shop_detail.html" not in rendered(second)
    # A live part, the viewer's own (its HTML kept per what it shows: follow_box_html).
    assert "follow-box" in rendered(second)
    assert "social/actor_section.html" in rendered(second)
    assert "Linen shirt" in html(second)


def test_a_visitor_gets_the_follow_box_and_empty_posts_kept_with_the_page(client, atelier):
    """What a visitor sees of a shop that never posted is the same for every visitor."""
    first = html(client.get("/@atelier"))
    second = client.get("/@atelier")
    assert not {
        "storefront/shop_detail.html",
        "social/follow.html",
        "social/actor_section.html",
    } & set(rendered(second))
    assert normal(html(second)) == normal(first)
    head = html(second).split('class="profile-head"')[1][:3000]
    assert 'href="/login?next=/%40atelier"' in head and "<strong>0</strong> followers" in head
    assert "Atelier Nord hasn't posted yet." in html(second)


def test_a_visitor_sees_a_new_follower_and_the_first_post_at_once(client, atelier):
    client.get("/@atelier")
    client.get("/@atelier")
    follow_create(user=UserFactory(), handle="atelier")
    assert "<strong>1</strong> follower" in html(client.get("/@atelier"))

    post_create(user=atelier.members.get().user, text="Spring linen is in.", as_shop="atelier")
    page = client.get("/@atelier")
    assert "Spring linen is in." in html(page)
    assert "social/actor_section.html" in rendered(client.get("/@atelier"))  # live again


def test_a_kept_shop_page_still_shows_each_viewer_their_follow_state(client, signed_in, atelier):
    visitor = html(client.get("/@atelier"))
    assert 'href="/login?next=' in visitor.split('class="profile-head"')[1][:3000]
    assert "storefront/shop_detail.html" not in rendered(client.get("/@atelier"))  # kept
    signed_in(UserFactory(username="ana_follows"))
    page = html(client.get("/@atelier"))
    head = page.split('class="profile-head"')[1][:3000]
    assert "@ana_follows" in page
    assert 'action="/@atelier/follow"' in head and 'aria-pressed="false"' in head

    client.post("/@atelier/follow", {"next": "/@atelier"})
    head = html(client.get("/@atelier")).split('class="profile-head"')[1][:3000]
    assert 'action="/@atelier/unfollow"' in head and 'aria-pressed="true"' in head
    assert "<strong>1</strong> follower" in head


def test_a_price_change_shows_at_once_on_a_kept_shop_page(client, atelier):
    shirt = Product.objects.get(shop=atelier)
    assert "Linen shirt" in html(client.get("/@atelier"))
    Product.objects.filter(pk=shirt.pk).update(title="Wool shirt")
    page = html(client.get("/@atelier"))
    assert "Wool shirt" in page and "Linen shirt" not in page


def test_a_kept_follow_box_signs_in_back_to_where_the_visitor_is(client, atelier):
    """An htmx request's sign-in link returns to the browser's address, not to the kept one."""
    client.get("/@atelier")
    for where in ("/@atelier?sort=newest", "/@atelier?sort=price_asc"):
        page = html(
            client.get(
                "/@atelier",
                headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{where}"},
            )
        )
        head = page.split('class="profile-head"')[1][:3000]
        assert f'href="/login?next={quote(where, safe="/")}"' in head
