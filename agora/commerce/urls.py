from django.urls import path

from agora.commerce import webhooks

app_name = "commerce"

urlpatterns = [
    path("webhooks/payments/<slug:provider>", webhooks.payment_webhook, name="payment-webhook"),
]
