# Under /evenemang/ like the event pages they belong to (sjuharad/urls.py): the
# paths stayed the same when meetings left events.
from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("<int:pk>/dagordning/", views.propose_agenda_item, name="propose_agenda_item"),
    path("<int:pk>/protokoll/", views.minutes, name="minutes"),
    path("atgard/<int:pk>/klar/", views.action_item_done, name="action_item_done"),
]
