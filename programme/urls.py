# Under /evenemang/ like the event pages they belong to (sjuharad/urls.py): the
# paths stayed the same when the programme left events.
from django.urls import path

from programme import views

app_name = "programme"
urlpatterns = [
    path("<int:pk>/bidrag/", views.contributions, name="contributions"),
    path("<int:pk>/bidrag/<int:cid>/andra/", views.contribution_edit,
         name="contribution_edit"),
    path("<int:pk>/bidrag/<int:cid>/dra-tillbaka/", views.contribution_withdraw,
         name="contribution_withdraw"),
    path("<int:pk>/bidrag/<int:cid>/placera/", views.contribution_place,
         name="contribution_place"),
    path("<int:pk>/program/publicera/", views.publish, name="publish_programme"),
]
