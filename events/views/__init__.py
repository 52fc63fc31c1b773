"""The events pages, one module per concern; events/urls.py names them all.

calendar: the list and month view · event: an event's page, editing, .ics and
cancelling · registration: register, cancel, decline · participants: children,
groups and the participant list · files · reminders: a person's reminder choices
and calendar subscription · rotation: whose turn it is to host a training day.
A meeting's agenda and minutes are in meetings/views.py, a festival's programme in
programme/views.py (same paths under /evenemang/).
"""
