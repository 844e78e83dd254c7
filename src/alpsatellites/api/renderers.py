import json

from rest_framework.renderers import BaseRenderer


class GeoJSONRenderer(BaseRenderer):
    """Serves GeoJSON (RFC 7946). Views hand it ready-made GeoJSON text, which is passed through
    untouched; anything else (an error body) is serialised as JSON."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode()
        return json.dumps(data, ensure_ascii=False).encode()


class GeoJSONAsJSONRenderer(GeoJSONRenderer):
    """The same GeoJSON for clients that only accept application/json."""

    media_type = "application/json"
    format = "json"
