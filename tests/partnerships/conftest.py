import pytest

from tests.registry.letter_helpers import (
    KAB_SERANG_VILLAGE,
    KOTA_SERANG_VILLAGE,
    LEBAK_VILLAGE,
    registered_kim,
)


@pytest.fixture
def kim(manager):
    """A registered KIM of Kabupaten Serang (36.04) managed by `manager`."""
    return registered_kim("KIM Kramat Sejahtera", village=KAB_SERANG_VILLAGE, managers=[manager])


@pytest.fixture
def lebak_kim(other_manager):
    return registered_kim("KIM Sukaraja Mandiri", village=LEBAK_VILLAGE, managers=[other_manager])


@pytest.fixture
def kota_kim():
    return registered_kim("KIM Kota Madani", village=KOTA_SERANG_VILLAGE)
