"""Turns a domain error a page's view let through into the error page with its status.

The pages' one reading of core/errors.py (the API has its exception handler): a view catches a
domain error only to show it in place (a form error, a message); whatever it does not catch is
answered here, never as a 500.
"""

from .errors import DomainError, Forbidden, log_denial
from .views import error_response


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, Forbidden):
            user = getattr(request, "user", None)
            log_denial(user=user, method=request.method, path=request.path, code="forbidden")
        return error_response(request, exception.http_status, exception.code, exception.message)
