"""schema.org `Event` for a public event's page: dates, place, organisers, availability."""

from django.utils import timezone

from core import structured_data as sd

ONLINE, OFFLINE, MIXED = (sd.enum("OnlineEventAttendanceMode"),
                          sd.enum("OfflineEventAttendanceMode"),
                          sd.enum("MixedEventAttendanceMode"))


def event_jsonld(event, hosts, places) -> dict:
    """`places` is events.services.count_places(event): free places decide availability."""
    locations = []
    if event.place:
        locations.append({"@type": "Place", "name": event.place})
    if event.online_link:
        locations.append({"@type": "VirtualLocation", "url": event.online_link})
    mode = MIXED if len(locations) == 2 else ONLINE if event.online_link else OFFLINE
    full = places.total is not None and places.taken >= places.total
    offer = {
        "@type": "Offer",
        "url": sd.absolute(event.get_absolute_url()),
        "availability": sd.enum("SoldOut" if full or event.is_cancelled else "InStock"),
    }
    if event.registration_deadline:
        offer["validThrough"] = timezone.localtime(event.registration_deadline).isoformat()
    data = {
        "@type": "Event",
        "name": event.title,
        "description": event.description or event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": sd.enum("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": mode,
        "url": sd.absolute(event.get_absolute_url()),
        "organizer": [sd.school_organisation(school) for school in hosts],
        "offers": offer,
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data
