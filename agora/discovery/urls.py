"""The discovery pages (one views module per feature)."""

from django.urls import path

from agora.discovery import views  # noqa: F401
from agora.discovery.views import browse, picklists, search, trending

app_name = "discovery_web"
urlpatterns: list = [
    path("search", search.search, name="search"),
    path("trending", trending.trending_page, name="trending"),
    path("c", browse.category_index, name="categories"),
    path("c/<slug:slug>", browse.category_detail, name="category"),
]

# Pick lists: the index, the automatic lists, one list (an unlisted one by its keyed link),
# my lists, and the forms that change them.
urlpatterns += [
    path("lists", picklists.picklist_index, name="picklists"),
    path("lists/mine", picklists.picklists_mine, name="picklists-mine"),
    path("lists/add-product", picklists.picklist_add_product, name="picklist-add-product"),
    path("lists/auto/<slug:category>/<slug:kind>", picklists.picklist_auto, name="picklist-auto"),
    path("lists/<id:picklist_id>", picklists.picklist_page, name="picklist"),
    path("lists/<id:picklist_id>/edit", picklists.picklist_edit, name="picklist-edit"),
    path("lists/<id:picklist_id>/delete", picklists.picklist_delete, name="picklist-delete"),
    path("lists/<id:picklist_id>/follow", picklists.picklist_follow, name="picklist-follow"),
    path(
        "lists/<id:picklist_id>/items/<id:item_id>", picklists.picklist_item, name="picklist-item"
    ),
    path("lists/<id:picklist_id>/<str:key>", picklists.picklist_page, name="picklist-keyed"),
]

from agora.discovery.views import recommendations  # noqa: E402

# For you: recommendations with their reasons.
urlpatterns += [path("for-you", recommendations.for_you, name="for-you")]
