"""factory_boy factories shared by the whole suite."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import Child, Staffing, User
from schools.models import Municipality, School
from tests.clock import born_years_ago

PASSWORD = "ett-bra-lösenord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    account_type = User.AccountType.GUARDIAN

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # Sign-in requires a verified address; most tests want one.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def staff(school: School, role=Staffing.Role.TEACHER, **kwargs) -> User:
    user = UserFactory(account_type=User.AccountType.STAFF, **kwargs)
    Staffing.objects.create(user=user, school=school, role=role)
    return user


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    guardian = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    # Eleven this year on the test clock (tests/clock.py).
    birth_year = factory.LazyFunction(lambda: born_years_ago(11))
    home_municipality = factory.LazyFunction(lambda: Municipality.objects.get(name="Mark"))
