"""Compute API (production code)."""


class API(object):

    def _check_image_is_volume_backed(self, context, image):
        return image.get('volume_backed', False)
