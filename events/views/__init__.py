"""The events pages, one module per concern; events/urls.py names them all.

calendar: the list and month view · event: an event's page, editing, .ics and
cancelling · registration: register, cancel, decline · meetings: agenda,
minutes, decisions, action items · files · reminders: a person's reminder
choices and calendar subscription · rotation: whose turn it is to host.
"""
