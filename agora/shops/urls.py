from django.urls import path

from agora.shops import views

# Mounted by the storefront's URLconf, in the `shops` namespace with its `/@handle` page.
app_name = "shops"
urlpatterns = [
    path("shops", views.shop_list, name="list"),
]
