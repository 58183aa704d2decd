import pytest

from boards.services import schools as school_services
from communities.models import School


def school_data(**overrides) -> dict:
    """A school's fields as the form sends them."""
    return {
        "name": "Basisschool De Linde",
        "brin": "12ab",
        "location": "00",
        "sector": School.Sector.PRIMARY,
        "region": School.Region.NORTH,
        "street": "Lindelaan 4",
        "postcode": "9401ab",
        "place": "Assen",
        **overrides,
    }


@pytest.fixture
def add_school(world):
    """Add a school to the world's board as its administrator would."""

    def _add(**fields) -> School:
        data = school_data(**fields)
        data["brin"] = data["brin"].upper()
        data["postcode"] = f"{data['postcode'][:4]} {data['postcode'][4:].strip().upper()}"
        return school_services.school_create(
            organisation=world.board, by=world.administrator, **data
        )

    return _add
