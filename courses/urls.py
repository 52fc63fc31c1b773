from django.urls import path
from django.views.generic import TemplateView

app_name = "courses"
_page = TemplateView.as_view(template_name="base.html")
# Placeholder until the course catalogue issue lands.
urlpatterns = [
    path("", _page, name="catalogue"),
    path("hantera/", _page, name="manage"),
    path("efterfragan/", _page, name="demand"),
    path("mina-ansokningar/", _page, name="my_applications"),
]
