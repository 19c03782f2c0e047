from django.urls import path

from agora.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("reports/<id:report_id>/resolve", views.resolve, name="resolve"),
    path("report/<str:target_type>/<id:target_id>", views.report, name="report"),
]
