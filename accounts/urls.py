from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("barn/", views.child_list, name="children"),
    path("barn/ny/", views.child_edit, name="child_add"),
    path("barn/<int:pk>/", views.child_edit, name="child_edit"),
    path("barn/<int:pk>/radera/", views.child_erase, name="child_erase"),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("kommunkonto-utan-roll/", views.sso_no_role, name="sso_no_role"),
    path("mina-uppgifter/ladda-ner/", views.my_data_download, name="my_data_download"),
    path("inbjudningar/", views.invitation_list, name="invitations"),
    path("inbjudningar/<int:pk>/aterkalla/", views.invitation_revoke, name="invitation_revoke"),
    path("inbjudan/<str:token>/", views.accept, name="accept_invitation"),
]
