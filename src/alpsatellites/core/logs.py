"""Log lines a person can grep and a machine can parse, and a quieter django.request.

Domain modules take a module logger (`logging.getLogger(__name__)`, so under "alpsatellites")
and write one line per event with `log_event`: `booking.made booking=12 user=3 …`. The pairs are
also attached to the record (`event`, `data`) for a handler that writes JSON.
"""

import json
import logging


def _value(value) -> str:
    text = str(value)
    # Quoted (and escaped) when it could be read as another pair or forge a line of its own.
    if not text or any(character in text for character in ' ="\\\n\r\t'):
        return json.dumps(text, ensure_ascii=False)
    return text


def log_event(logger: logging.Logger, event: str, *, level: int = logging.INFO, **fields) -> None:
    """One structured line: `event key=value …`."""
    pairs = " ".join(f"{key}={_value(value)}" for key, value in fields.items())
    logger.log(
        level, f"{event} {pairs}".rstrip(), extra={"event": event, "data": fields}, stacklevel=2
    )


class ClientErrorWithoutTraceback(logging.Filter):
    """Keeps django.request's line for a 4xx but drops its traceback.

    Django logs a PermissionDenied (and a malformed body) with the exception attached, so every
    ordinary 403 printed a full traceback; the refusal is expected, the line says which path was
    refused, and the platform's own "permission.denied" line says who. 5xx keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
