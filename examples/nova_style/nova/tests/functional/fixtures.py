"""Fixtures solely for functional tests."""
from placement.tests.functional.fixtures import placement as placement_fixtures


class PlacementFixture(placement_fixtures.PlacementFixture):
    """Runs a local WSGI server bound on a free port (says the docstring; the base decides)."""
