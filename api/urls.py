from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from api import embeds, feeds, views

app_name = "api"
urlpatterns = [
    path("api/v1/schema/", SpectacularJSONAPIView.as_view(api_version="1"), name="schema"),
    path("api/v1/municipalities/", views.MunicipalityList.as_view(), name="municipalities"),
    path("api/v1/subjects/", views.SubjectList.as_view(), name="subjects"),
    path("api/v1/schools/", views.SchoolList.as_view(), name="schools"),
    path("api/v1/schools/<slug:slug>/", views.SchoolDetail.as_view(), name="school"),
    path("api/v1/courses/", views.CourseList.as_view(), name="courses"),
    path("api/v1/courses/<int:pk>/", views.CourseDetail.as_view(), name="course"),
    path("api/v1/events/", views.EventList.as_view(), name="events"),
    path("api/v1/events/<int:pk>/", views.EventDetail.as_view(), name="event"),
    path("api/v1/events/<int:pk>/programme/", views.Programme.as_view(), name="programme"),
    # Last among the API's: an address the API does not have answers in JSON too.
    re_path(r"^api/", views.not_found),
    path("kalender/sjuharad.ics", feeds.region_feed, name="feed_region"),
    path("kalender/skola/<slug:slug>.ics", feeds.school_feed, name="feed_school"),
    path("kalender/natverk/<int:pk>.ics", feeds.network_feed, name="feed_network"),
    path("inbaddning/skola/<slug:slug>/", embeds.school_embed, name="embed_school"),
    path("inbaddning/kommun/<str:scb_code>/", embeds.municipality_embed,
         name="embed_municipality"),
]
