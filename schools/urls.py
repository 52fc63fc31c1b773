from django.urls import path

from schools import views

app_name = "schools"
urlpatterns = [
    path("", views.school_list, name="list"),
    path("<slug:slug>/", views.school_detail, name="detail"),
]
