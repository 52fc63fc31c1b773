from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("ny/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
]
