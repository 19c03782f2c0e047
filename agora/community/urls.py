"""Community pages: each part lists its own routes in its views module."""

from agora.community.views import forums, questions, reviews

app_name = "community"
urlpatterns = [*reviews.urlpatterns, *questions.urlpatterns, *forums.urlpatterns]
