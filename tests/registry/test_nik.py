import datetime

import pytest

from kimportal.core.accounts.roles import Role
from registry.nik import (
    NikError,
    existing_districts,
    mask_nik,
    mask_phone,
    parse_nik,
    validate_nik,
)
from tests.factories import KimFactory, UserFactory, make_nik

pytestmark = pytest.mark.django_db


def test_valid_nik_gives_district_birth_date_and_gender():
    info = validate_nik("3604051501900001")
    assert info.district_code == "36.04.05"
    assert info.birth_date == datetime.date(1990, 1, 15)
    assert info.female is False


def test_women_have_forty_added_to_the_day():
    info = validate_nik(make_nik(born=datetime.date(1985, 3, 9), female=True))
    assert info.birth_date == datetime.date(1985, 3, 9)
    assert info.female is True
    assert make_nik(born=datetime.date(1985, 3, 9), female=True)[6:8] == "49"


def test_two_digit_year_is_the_most_recent_past_one():
    assert validate_nik("3604051501050001").birth_date.year == 2005
    assert validate_nik("3604051501950001").birth_date.year == 1995


@pytest.mark.parametrize(
    "nik",
    ["360405150190001", "36040515019000011", "36040515019000AB", "", "3604 051501900001"],
)
def test_nik_must_be_sixteen_digits(nik):
    with pytest.raises(NikError, match="16 digit"):
        validate_nik(nik)


def test_first_six_digits_must_be_a_real_district():
    # 36.04.99 does not exist; 99.99.99 is no area at all.
    for nik in ("3604991501900001", "9999991501900001"):
        with pytest.raises(NikError, match="kode kecamatan"):
            validate_nik(nik)


@pytest.mark.parametrize(
    "date_part",
    [
        "300290",  # 30 February
        "700290",  # 30 February, woman
        "290201",  # 29 February 2001 (not a leap year)
        "320190",  # day 32: neither a man's nor a woman's day
        "400190",  # day 40
        "000190",  # day 0
        "721390",  # woman, month 13
        "150090",  # month 0
    ],
)
def test_date_part_must_be_a_real_birth_date(date_part):
    with pytest.raises(NikError, match="tanggal lahir"):
        validate_nik(f"360405{date_part}0001")


def test_leap_day_is_a_real_date():
    assert validate_nik("3604052902000001").birth_date == datetime.date(2000, 2, 29)
    assert validate_nik("3604056902000001").female


def test_parse_without_known_districts_skips_the_district_check():
    assert parse_nik("9999991501900001").district_code == "99.99.99"


def test_existing_districts_checks_all_prefixes_in_one_query(django_assert_num_queries):
    niks = [make_nik("36.04.05", serial=i) for i in range(50)] + [
        make_nik("36.73.01"),
        "3604991501900001",
        "garbage",
    ]
    with django_assert_num_queries(1):
        known = existing_districts(niks)
    assert known == {"36.04.05", "36.73.01"}


def test_masking_keeps_region_and_serial_only():
    assert mask_nik("3604051501900001") == "3604••••••••0001"
    assert mask_phone("081234567890") == "0812•••••890"
    assert mask_nik("") == ""
    assert mask_phone("") == ""
    assert "1234" not in mask_phone("1234")


def test_personal_data_is_for_officers_of_the_jurisdiction(
    manager,
    officer_kab_serang,
    officer_kota_serang,
    province_staff,
    other_province_staff,
    admin_user,
):
    kim = KimFactory(managers=[manager])
    assert officer_kab_serang.has_perm("registry.view_personal_data", kim)
    assert province_staff.has_perm("registry.view_personal_data", kim)
    assert admin_user.has_perm("registry.view_personal_data", kim)
    assert not manager.has_perm("registry.view_personal_data", kim)
    assert not officer_kota_serang.has_perm("registry.view_personal_data", kim)
    assert not other_province_staff.has_perm("registry.view_personal_data", kim)
    assert not UserFactory(role=Role.MANAGER).has_perm("registry.view_personal_data", kim)
