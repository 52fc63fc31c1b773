from django.urls import path
from django.views.generic import TemplateView

app_name = "events"
# Placeholder until the events issue lands.
urlpatterns = [path("", TemplateView.as_view(template_name="base.html"), name="calendar")]
