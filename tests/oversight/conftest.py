import pytest

from congress import roles
from tests.oversight.factories import user_in


@pytest.fixture
def office(db):
    return user_in(roles.STAFF, "office")
