# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License.
"""Regression test for a (fictional) bug 1702454.

Rebuilding a server that was booted from a volume with a new image must be
rejected by the API instead of leaving the instance in ERROR.
"""

import socketserver
from unittest import mock

from nova import context
from nova import test
from nova.tests import fixtures as nova_fixtures
from nova.tests.functional import fixtures as func_fixtures
from nova.tests.functional import integrated_helpers

ADMIN_PASSWORD = 'fake-admin-password'
LOG_DIR = '/tmp/fake-nova-logs'


class TestRebuildVolumeBackedServer(
    test.TestCase, integrated_helpers.InstanceHelperMixin,
):
    microversion = '2.93'

    def setUp(self):
        super().setUp()
        self.useFixture(nova_fixtures.NeutronFixture(self))
        self.useFixture(nova_fixtures.GlanceFixture(self))
        self.useFixture(func_fixtures.PlacementFixture())
        api_fixture = self.useFixture(nova_fixtures.OSAPIFixture(
            api_version='v2.1'))
        self.api = api_fixture.admin_api
        self.api.microversion = self.microversion
        self.flags(compute_driver='fake.MediumFakeDriver')
        self.start_service('conductor')
        self.start_service('scheduler')
        self.compute = self.start_service('compute', host='host1')
        self.ctxt = context.get_admin_context()

    @mock.patch('nova.compute.api.API._check_image_is_volume_backed')
    def test_rebuild_volume_backed_with_new_image(self, mock_check):
        server = self._create_server(
            admin_password=ADMIN_PASSWORD, networks='none')
        with mock.patch.object(self.compute.driver, 'rebuild') as rebuild:
            self.api.post_server_action(
                server['id'], {'rebuild': {'imageRef': 'new-image-ref'}})
        rebuild.assert_not_called()
        server = self.api.get_server(server['id'])
        self.assertEqual('ACTIVE', server['status'])

    def test_metadata_server_for_guest(self):
        # A tiny metadata server for the guest agent under test.
        server = socketserver.TCPServer(('0.0.0.0', 0), None)
        self.addCleanup(server.server_close)
        self.stub_out('nova.virt.fake.FakeDriver.get_info', lambda *a: None)
