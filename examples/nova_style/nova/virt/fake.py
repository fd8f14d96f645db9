"""A fake hypervisor driver shipped for tests and development."""


class FakeDriver(object):

    def get_info(self, instance):
        return {'state': 'running'}
