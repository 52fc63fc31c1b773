from django.urls import path

from networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("nytt/", views.network_create, name="create"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/ga-med/", views.network_join, name="join"),
    path("<slug:slug>/lamna/", views.network_leave, name="leave"),
    path("<slug:slug>/avisering/", views.notify_preference, name="notify"),
    path("<slug:slug>/medlemmar/", views.member_list, name="members"),
    path("<slug:slug>/medlemmar/<int:pk>/", views.member_action, name="member_action"),
    path("<slug:slug>/repertoar/", views.resource_list, name="resources"),
    path("<slug:slug>/repertoar/ny/", views.resource_create, name="resource_create"),
    path("<slug:slug>/repertoar/<int:pk>/andra/", views.resource_edit, name="resource_edit"),
    path("<slug:slug>/repertoar/<int:pk>/fil/", views.resource_file, name="resource_file"),
    path("<slug:slug>/repertoar/<int:pk>/ta-bort/", views.resource_delete,
         name="resource_delete"),
    path("<slug:slug>/diskussion/", views.thread_list, name="threads"),
    path("<slug:slug>/diskussion/<int:pk>/", views.thread_detail, name="thread"),
    path("<slug:slug>/planering/", views.planning, name="planning"),
    path("<slug:slug>/planering/<int:pk>/ta-bort/", views.planning_slot_delete,
         name="planning_slot_delete"),
]
