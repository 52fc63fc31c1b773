from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.answer, name="answer"),
    path("tack/", views.thanks, name="thanks"),
    path("koder/", views.codes, name="codes"),
    path("koder/<int:round_pk>/<int:school_pk>/", views.codes_print, name="codes_print"),
    path("resultat/", views.round_list, name="rounds"),
    path("resultat/<int:pk>/", views.round_results, name="results"),
    path("resultat/<int:pk>.csv", views.round_results_csv, name="results_csv"),
]
