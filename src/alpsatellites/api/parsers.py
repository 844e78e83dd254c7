"""JSON request bodies, refused past a sane depth before Python's parser recurses into them.

The standard library's parser recurses once per level: a body nested a thousand levels deep
raised RecursionError, a 500. No request of this API nests more than a few levels; the depth is
counted on the raw text first (brackets outside strings), so the refusal costs one linear scan.
"""

import codecs
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_DEPTH = 64
# Strings first, so that a bracket inside one is not counted; then the brackets themselves.
TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
OPENING, CLOSING = frozenset("[{"), frozenset("]}")


def json_depth(text: str) -> int:
    depth = deepest = 0
    for match in TOKENS.finditer(text):
        mark = match.group()
        if mark in OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif mark in CLOSING:
            depth -= 1
    return deepest


def _text_encoding(parser_context) -> str:
    encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
    try:
        # str.encode() refuses bytes-to-bytes codecs (bz2_codec…) that would inflate a small body.
        "".encode(encoding)
    except (LookupError, UnicodeError):
        raise ParseError(
            _("Unsupported charset %(charset)s in the Content-Type header.")
            % {"charset": repr(encoding)}
        ) from None
    return encoding


class JSONParser(parsers.JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = _text_encoding(parser_context)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError:
            raise ParseError(
                _("The JSON body is not valid %(charset)s text.") % {"charset": encoding}
            ) from None
        if json_depth(text) > self.max_depth:
            raise ParseError(
                _("The JSON body is nested deeper than %(depth)s levels.")
                % {"depth": self.max_depth}
            )
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError:  # the count above makes it unreachable; kept as the last guard
            raise ParseError(
                _("The JSON body is nested deeper than %(depth)s levels.")
                % {"depth": self.max_depth}
            ) from None
        except ValueError as error:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": error}) from None
