"""What the pages show, and that their query count does not grow with the rows."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing, User
from core.weekdays import Weekday
from networks.models import Membership, PlanningSlot, Post, Resource, Thread
from tests.factories import staff

SCHOOLS = ["boras", "herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn", "vargarda"]


def add_members(network, schools, n):
    users = User.objects.bulk_create(
        User(email=f"larare{i}@example.se", first_name=f"Lärare{i}", last_name="Test",
             account_type=User.AccountType.STAFF, show_email_to_colleagues=i % 2 == 0)
        for i in range(n))
    Staffing.objects.bulk_create(
        Staffing(user=u, school=schools[SCHOOLS[i % 7]], role=Staffing.Role.TEACHER)
        for i, u in enumerate(users))
    memberships = Membership.objects.bulk_create(
        Membership(network=network, user=u, role=Membership.Role.CONVENOR if i == 0
                   else Membership.Role.MEMBER) for i, u in enumerate(users))
    PlanningSlot.objects.bulk_create(
        PlanningSlot(membership=m, weekday=1 + i % 5, start=time(13 + i % 3), end=time(17))
        for i, m in enumerate(memberships))
    return users


def count_queries(client, path):
    client.get(path)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["networks:detail", "networks:members", "networks:planning"])
def test_pages_take_the_same_queries_with_2_and_200_members(client, guitar, schools, convenor,
                                                             member, page):
    client.force_login(member)
    path = reverse(page, args=["gitarr"])
    few = count_queries(client, path)
    add_members(guitar, schools, 200)
    assert count_queries(client, path) == few
    assert few <= 15
    if page != "networks:detail":
        assert "Lärare199" in client.get(path).content.decode()


def test_the_list_takes_the_same_queries_for_many_networks_and_members(
        client, guitar, closed_network, schools, member, django_assert_num_queries):
    client.force_login(member)
    few = count_queries(client, reverse("networks:list"))
    add_members(guitar, schools, 200)
    with django_assert_num_queries(few):
        response = client.get(reverse("networks:list"))
    assert "201 medlemmar" in response.content.decode()


def test_500_resources_take_a_fixed_number_of_queries(client, guitar, member,
                                                      django_assert_max_num_queries):
    Resource.objects.bulk_create(
        Resource(network=guitar, title=f"Stycke {i:03d}", link="https://example.org",
                 added_by=member, level=Resource.Level.choices[i % 4][0]) for i in range(500))
    client.force_login(member)
    page = reverse("networks:resources", args=["gitarr"])
    client.get(page)
    with django_assert_max_num_queries(8):
        response = client.get(page, {"niva": Resource.Level.BEGINNER, "sida": "2"})
    html = response.content.decode()
    assert "125 träffar" in html and "Sida 2 av 3" in html
    # The paging links keep the filter and replace the page ({% querystring %}).
    assert '?niva=1-beginner&amp;sida=1"' in html and '?niva=1-beginner&amp;sida=3"' in html


def test_many_threads_and_posts_take_a_fixed_number_of_queries(client, guitar, member,
                                                               django_assert_max_num_queries):
    threads = Thread.objects.bulk_create(
        Thread(network=guitar, title=f"Tråd {i}", started_by=member,
               last_post_at=timezone.now()) for i in range(100))
    Post.objects.bulk_create(Post(thread=threads[0], author=member, body=f"Inlägg {i}")
                             for i in range(300))
    client.force_login(member)
    for path in (reverse("networks:threads", args=["gitarr"]), threads[0].get_absolute_url()):
        client.get(path)
        with django_assert_max_num_queries(8):
            assert client.get(path).status_code == 200


def test_the_list_shows_convenors_and_members_per_school(client, guitar, convenor, member,
                                                         schools):
    staff(schools["tranemo"], Staffing.Role.TEACHER)  # at the school, not in the network
    client.force_login(member)
    html = client.get(reverse("networks:list")).content.decode()
    assert "Gitarrnätverket" in html and "2 medlemmar" in html
    assert "Sammankallande: Bodil Lind" in html
    assert "Kulturskolan i Borås: 1" in html and "Tranemo kulturskola: 1" in html
    assert "Du är medlem" in html


def test_the_directory_shows_email_only_when_allowed(client, guitar, convenor, member):
    User.objects.filter(pk=convenor.pk).update(show_email_to_colleagues=True)
    client.force_login(member)
    html = client.get(reverse("networks:members", args=["gitarr"])).content.decode()
    assert convenor.email in html
    assert f"mailto:{member.email}" not in html
    assert "Kulturskolan i Borås" in html


def test_planning_shows_the_best_common_window_with_schools_and_who_cannot(
        client, guitar, convenor, member, other_staff):
    Membership.objects.create(network=guitar, user=other_staff)
    client.force_login(member)
    page = reverse("networks:planning", args=["gitarr"])
    client.post(page, {"weekday": Weekday.WEDNESDAY, "start": "14:00", "end": "17:00"})
    client.force_login(convenor)
    client.post(page, {"weekday": Weekday.WEDNESDAY, "start": "13:00", "end": "16:00"})
    html = client.get(page).content.decode()
    assert "Onsdag 14.00–16.00" in html
    assert "2 av 3" in html
    assert "Kulturskolan i Borås (1), Tranemo kulturskola (1)" in html
    first_row = html[html.index("Onsdag 14.00–16.00"):html.index("</tr>",
                                                                  html.index("Onsdag 14.00"))]
    assert other_staff.display_name in first_row  # cannot make it
    assert "1 medlem har inte angett några tider" in html


def test_a_planning_window_that_ends_before_it_starts_is_refused(client, guitar, member):
    client.force_login(member)
    response = client.post(reverse("networks:planning", args=["gitarr"]),
                           {"weekday": Weekday.TUESDAY, "start": "16:00", "end": "15:00"})
    html = response.content.decode()
    assert "Sluttiden måste vara senare än starttiden." in html
    assert 'value="16:00"' in html
    response = client.post(reverse("networks:planning", args=["gitarr"]),
                           {"weekday": 9, "start": "kl fyra", "end": ""})
    assert response.status_code == 200
    assert "Ange en tid som TT:MM" in response.content.decode()
    assert not PlanningSlot.objects.exists()


def test_a_member_removes_only_their_own_window(client, guitar, convenor, member):
    mine = PlanningSlot.objects.create(membership=member.memberships.get(),
                                       weekday=Weekday.MONDAY, start=time(9), end=time(10))
    theirs = PlanningSlot.objects.create(membership=convenor.memberships.get(),
                                         weekday=Weekday.MONDAY, start=time(9), end=time(10))
    client.force_login(member)
    assert client.post(reverse("networks:planning_slot_delete",
                               args=["gitarr", theirs.pk])).status_code == 404
    client.post(reverse("networks:planning_slot_delete", args=["gitarr", mine.pk]))
    assert list(PlanningSlot.objects.all()) == [theirs]


def test_leaving_removes_ones_planning_windows(client, guitar, member):
    PlanningSlot.objects.create(membership=member.memberships.get(), weekday=Weekday.MONDAY,
                                start=time(9), end=time(10))
    client.force_login(member)
    client.post(reverse("networks:leave", args=["gitarr"]))
    assert not PlanningSlot.objects.exists()


def test_the_network_page_lists_its_upcoming_events_for_members(client, guitar, member,
                                                                other_staff, schools):
    from events.models import Event, Kind
    from tests.events.conftest import make_event

    make_event([schools["mark"]], title="Gitarrspeldag i Kinna", kind=Kind.PLAY_DAY,
               audience=Event.Audience.NETWORK, network=guitar)
    client.force_login(member)
    assert "Gitarrspeldag i Kinna" in client.get(reverse("networks:detail",
                                                         args=["gitarr"])).content.decode()
    client.force_login(other_staff)
    html = client.get(reverse("networks:detail", args=["gitarr"])).content.decode()
    assert "Gitarrspeldag i Kinna" not in html and "Inga kommande evenemang" in html
