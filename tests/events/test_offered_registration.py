"""Each event page offers only the registration this person may make (issue 19): a guardian
registers children at a children's camp, a pupil under 13 is told before any form that a
guardian registers them, and an anonymous visitor is asked to log in."""

from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.models import User
from events import services
from events.models import Event, Kind, Registration
from tests.events.conftest import make_event
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def children_camp(schools):
    return make_event([schools["vargarda"]], title="Barnläger", kind=Kind.CAMP,
                      audience=Event.Audience.PUBLIC, registration_required=True,
                      asks_participant_info=True)


def _page(client, event):
    return unescape(client.get(event.get_absolute_url()).content.decode())


def test_a_guardian_at_a_childrens_camp_is_offered_only_to_register_children(
        client, children_camp, guardian_mark, municipalities):
    ChildFactory(guardian=guardian_mark, birth_year=children_camp.year - 9,
                 home_municipality=municipalities["Mark"])
    client.force_login(guardian_mark)
    page = _page(client, children_camp)
    assert "Anmäl barn" in page
    assert "Anmäl mig" not in page
    with pytest.raises(services.RegistrationError, match="anmäler du dina barn"):
        services.register(children_camp, guardian_mark)
    assert not Registration.objects.exists()


def test_a_guardian_still_registers_themselves_for_a_public_concert(client, concert,
                                                                    guardian_mark):
    client.force_login(guardian_mark)
    assert "Anmäl mig" in _page(client, concert)


def test_a_pupil_under_13_is_told_before_the_form_that_a_guardian_registers_them(
        client, children_camp, municipalities):
    young = UserFactory(email="ung.elev@example.se", account_type=User.AccountType.PUPIL,
                        birth_year=children_camp.year - 12,
                        home_municipality=municipalities["Mark"])
    client.force_login(young)
    page = _page(client, children_camp)
    assert "Elever under 13 år anmäls av en vårdnadshavare." in page
    assert "Anmäl mig" not in page
    assert reverse("events:register_self", args=[children_camp.pk]) not in page
    response = client.get(reverse("events:register_self", args=[children_camp.pk]))
    assert response["Location"] == children_camp.get_absolute_url()
    assert "emergency_phone" not in client.get(response["Location"]).content.decode()


def test_a_pupil_of_16_is_offered_the_participant_form(client, children_camp, pupil):
    client.force_login(pupil)
    page = _page(client, children_camp)
    assert reverse("events:register_self", args=[children_camp.pk]) in page
    assert "anmäls av en vårdnadshavare" not in page


def test_an_anonymous_visitor_is_asked_to_log_in_and_comes_back_to_the_page(client,
                                                                            children_camp):
    page = _page(client, children_camp)
    login = f'{reverse("account_login")}?next={quote(children_camp.get_absolute_url())}'
    assert "Logga in för att anmäla" in page
    assert f'href="{login}"' in page
    assert "Anmäl mig" not in page


def test_no_log_in_prompt_when_registration_is_closed(client, children_camp):
    services.cancel_event(children_camp)
    assert "Logga in för att anmäla" not in _page(client, children_camp)
