"""The Permissions-Policy header that every response carries."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (PERMISSIONS_POLICY): no page of the platform uses the
    camera, microphone, location or payment APIs, so none of them, nor a frame inside them, may.

    One fixed header: a package for it would add a dependency for four lines.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
