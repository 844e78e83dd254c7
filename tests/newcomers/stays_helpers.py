"""Helpers of the discovery stays' tests: a stay of a grouping, its officer, a coworking pass."""

import datetime
import uuid

from alpsatellites.newcomers.services.stays import stay_application_create
from tests.factories import CommuneFactory, UserFactory
from tests.newcomers.factories import DiscoveryStayFactory, make_officer
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week


def stay_of_new_grouping(**fields):
    """A published stay (in 30 days, 3 days long) of a new grouping, and an officer of it."""
    commune = CommuneFactory()
    stay = DiscoveryStayFactory(grouping=commune.grouping, **fields)
    return stay, make_officer(commune.grouping)


def coworking_pass(territory, *, capacity=5, **fields):
    """A desk area of an open workspace of `territory`, open every day, that takes a stay."""
    commune = CommuneFactory(territory=territory)
    workspace = WorkspaceFactory(commune=commune, territory=territory)
    open_all_week(workspace, opens=datetime.time(8), closes=datetime.time(19))
    options = {"max_days": 10, "max_days_ahead": 90, **fields}
    return ResourceFactory(workspace=workspace, capacity=capacity, **options)


def apply(stay, household=None, **fields):
    household = household or UserFactory()
    options = {
        "people": 2,
        "message": "We would love to try.",
        "consent": True,
        "language": "fr",
        "request_key": uuid.uuid4(),
        **fields,
    }
    return stay_application_create(user=household, stay_id=stay.pk, **options)
