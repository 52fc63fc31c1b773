from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("manad/<int:year>/<int:month>/", views.month, name="month"),
    path("nytt/", views.event_edit, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.event_edit, name="edit"),
    path("<int:pk>/kalender.ics", views.event_ics, name="ics"),
    path("<int:pk>/anmal/", views.register, name="register"),
    path("<int:pk>/avanmal/", views.cancel_registration, name="cancel_registration"),
    path("<int:pk>/tacka-nej/", views.decline, name="decline"),
    path("<int:pk>/paminnelser/", views.toggle_reminders, name="toggle_reminders"),
    path("<int:pk>/dagordning/", views.propose_agenda_item, name="propose_agenda_item"),
    path("<int:pk>/protokoll/", views.minutes, name="minutes"),
    path("<int:pk>/filer/", views.upload_file, name="upload_file"),
    path("<int:pk>/stall-in/", views.cancel_event, name="cancel_event"),
    path("atgard/<int:pk>/klar/", views.action_item_done, name="action_item_done"),
    path("fil/<int:pk>/", views.download_file, name="download_file"),
    path("paminnelser/", views.reminder_settings, name="reminder_settings"),
    path("prenumeration/", views.subscription, name="subscription"),
    path("prenumeration/<str:token>.ics", views.feed, name="feed"),
    path("fortbildningsdagar/", views.rotation, name="rotation"),
]
