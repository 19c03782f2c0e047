from django.urls import path

from agora.accounts import address_views, password_reset, views

app_name = "accounts"
urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", views.LogoutView.as_view(), name="logout"),
    path("settings", views.settings_page, name="settings"),
    path("settings/password", views.password_change, name="password"),
    path("settings/tokens", views.token_create, name="token-create"),
    path("settings/tokens/<id:token_id>/revoke", views.token_revoke, name="token-revoke"),
    path("settings/addresses", address_views.address_list, name="addresses"),
    path("settings/addresses/<id:address_id>", address_views.address_edit, name="address-edit"),
    path(
        "settings/addresses/<id:address_id>/delete",
        address_views.address_delete,
        name="address-delete",
    ),
    path("language", views.language, name="language"),
    path("password-reset", password_reset.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent",
        password_reset.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
