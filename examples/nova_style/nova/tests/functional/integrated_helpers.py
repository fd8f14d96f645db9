"""Helpers shared by functional tests."""


class InstanceHelperMixin(object):

    def _create_server(self, **kwargs):
        return self.api.post_server({'server': kwargs})
