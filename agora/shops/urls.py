from django.urls import path

from agora.shops import views

app_name = "shops"
urlpatterns = [
    path("shops", views.shop_list, name="list"),
    # Shops and people share one handle namespace; keep this module last in the root URLconf.
    path("@<str:handle>", views.handle_page, name="handle"),
]
