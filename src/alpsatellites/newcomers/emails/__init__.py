"""The senders of the newcomers' e-mails, one module per subject; imported at start-up (apps.py)
so that every kind is registered in the web and worker processes alike."""

from . import (  # noqa: F401
    cases,
    messages,
    requests,
    stays,
)
