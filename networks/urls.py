from django.urls import path
from django.views.generic import TemplateView

app_name = "networks"
# Placeholder until the networks issue lands.
urlpatterns = [path("", TemplateView.as_view(template_name="base.html"), name="list")]
