import datetime

import factory

from kimportal.core.accounts.roles import Role
from kimportal.core.models import User
from tests.dates import add_years, current_term

PASSWORD = "Sandi-Uji-2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.MANAGER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_nik(district_code="36.04.05", born=None, female=False, serial=1):
    """A valid NIK: district code, birth date DDMMYY (+40 on the day for women), serial."""
    born = born or datetime.date(1990, 1, 15)
    day = born.day + (40 if female else 0)
    return f"{district_code.replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"


class KimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Kim"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"KIM Uji {n}")
    village_id = "36.04.05.2001"  # Kramatwatu, Kabupaten Serang, Banten
    address = "Jl. Raya Kramatwatu No. 1"
    status = "draft"

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.managers.set(extracted)


class RosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Roster"

    kim = factory.SubFactory(KimFactory)
    # Current whenever the suite runs: the rules compare the term with today.
    term_start = factory.LazyFunction(lambda: current_term()["term_start"])
    term_end = factory.LazyAttribute(lambda roster: add_years(roster.term_start, 3))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Member"

    roster = factory.SubFactory(RosterFactory)
    nik = factory.LazyAttributeSequence(lambda m, n: make_nik(female=m.gender == "P", serial=n + 1))
    full_name = factory.Faker("name", locale="id_ID")
    position = "anggota"
    gender = "L"
    phone = factory.Sequence(lambda n: f"0812{n:08d}")
    not_civil_servant = True
    no_criminal_record = True
    no_political_party = True
    no_ngo = True


def make_board(roster, extra_members=0):
    """A complete board: ketua, sekretaris, bendahara (+ anggota), all declared."""
    members = [
        MemberFactory(roster=roster, position="ketua", order=1),
        MemberFactory(roster=roster, position="sekretaris", order=2),
        MemberFactory(roster=roster, position="bendahara", order=3, gender="P"),
    ]
    members += [MemberFactory(roster=roster, order=4 + i) for i in range(extra_members)]
    return members
