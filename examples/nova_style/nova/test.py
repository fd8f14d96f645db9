"""Base test case for the example: every test gets stub_out and flags."""
import fixtures
import testtools


class TestCase(testtools.TestCase):
    """Base class for all example unit and functional tests."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('http_proxy'))

    def stub_out(self, old, new):
        """Replace a dotted name for the duration of the test."""
        self.useFixture(fixtures.MonkeyPatch(old, new))

    def flags(self, **kw):
        for key, value in kw.items():
            self.addCleanup(setattr, self, key, value)

    def start_service(self, name, host=None):
        return None
