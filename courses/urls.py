from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/ansok/", views.apply, name="apply"),
    path("mina-ansokningar/", views.my_applications, name="my_applications"),
    path("ansokan/<int:pk>/svar/", views.respond, name="respond"),
    path("onskemal/", views.wish, name="wish"),
    path("hantera/", views.manage, name="manage"),
    path("hantera/ny/", views.course_edit, name="create"),
    path("hantera/<int:pk>/", views.course_applications, name="applications"),
    path("hantera/<int:pk>/andra/", views.course_edit, name="edit"),
    path("hantera/<int:pk>/status/", views.course_status, name="status"),
    path("hantera/ansokan/<int:pk>/", views.decide, name="decide"),
    path("undervisning/", views.taught_courses, name="taught"),
    path("undervisning/<int:pk>/elever/", views.admitted_pupils, name="admitted"),
    path("undervisning/<int:pk>/elever.csv", views.admitted_pupils_csv, name="admitted_csv"),
    path("efterfragan/", views.demand, name="demand"),
    path("avrakning/", views.settlement, name="settlement"),
    path("avrakning/utskrift/", views.settlement_print, name="settlement_print"),
    path("avrakning.csv", views.settlement_csv, name="settlement_csv"),
]
