from django.urls import path

from events.views import (
    calendar,
    event,
    files,
    participants,
    registration,
    reminders,
    rotation,
)

app_name = "events"
urlpatterns = [
    path("", calendar.calendar, name="calendar"),
    path("manad/<int:year>/<int:month>/", calendar.month, name="month"),
    path("nytt/", event.event_edit, name="create"),
    path("<int:pk>/", event.detail, name="detail"),
    path("<int:pk>/andra/", event.event_edit, name="edit"),
    path("<int:pk>/kalender.ics", event.event_ics, name="ics"),
    path("<int:pk>/stall-in/", event.cancel_event, name="cancel_event"),
    path("<int:pk>/godkann/", event.approve_event, name="approve"),
    path("<int:pk>/anmal/", registration.register, name="register"),
    path("<int:pk>/avanmal/", registration.cancel_registration, name="cancel_registration"),
    path("<int:pk>/anmal-mig/", participants.register_self, name="register_self"),
    path("<int:pk>/anmal-barn/", participants.register_children, name="register_children"),
    path("<int:pk>/anmal-grupp/", participants.register_group, name="register_group"),
    path("<int:pk>/grupp/<int:registration_pk>/", participants.group_edit, name="group_edit"),
    path("<int:pk>/anmalan/<int:registration_pk>/avanmal/", participants.cancel_own,
         name="cancel_own"),
    path("<int:pk>/deltagare/", participants.participant_list, name="participants"),
    path("<int:pk>/deltagare.csv", participants.participant_export, name="participants_csv"),
    path("<int:pk>/tacka-nej/", registration.decline, name="decline"),
    path("<int:pk>/filer/", files.upload_file, name="upload_file"),
    path("fil/<int:pk>/", files.download_file, name="download_file"),
    path("<int:pk>/paminnelser/", reminders.toggle_reminders, name="toggle_reminders"),
    path("paminnelser/", reminders.reminder_settings, name="reminder_settings"),
    path("prenumeration/", reminders.subscription, name="subscription"),
    path("prenumeration/<str:token>.ics", reminders.feed, name="feed"),
    path("fortbildningsdagar/", rotation.rotation, name="rotation"),
]
