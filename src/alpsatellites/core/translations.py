"""Message catalogues: compiled with polib (no GNU gettext needed) and checked for completeness."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.reloader import translation_file_changed


def catalogues() -> list[Path]:
    return sorted(
        path for base in settings.LOCALE_PATHS for path in Path(base).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogues(*, force: bool = False) -> int:
    """Write each .mo next to its .po when missing or older; returns how many were written."""
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    if written:
        # This process may already have loaded the (then missing) catalogues: forget them, as
        # Django's autoreloader does when a .mo file changes.
        translation_file_changed(sender=None, file_path=written[0])
    return len(written)


def catalogue_problems() -> list[str]:
    """Untranslated or fuzzy entries, and languages without a catalogue."""
    problems = []
    found = {path.parts[-3] for path in catalogues()}
    for code, _name in settings.LANGUAGES:
        if code not in found:
            problems.append(f"{code}: no catalogue")
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        language = po_path.parts[-3]
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{language}: untranslated: {entry.msgid!r}")
    return problems
