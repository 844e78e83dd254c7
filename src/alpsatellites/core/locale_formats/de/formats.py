# See fr/formats.py: the names are ours, defined for every language.
LONG_DATE_FORMAT = "l, j. F Y"  # Montag, 7. Dezember 2026
LONG_DATETIME_FORMAT = "l, j. F Y, H:i"  # Montag, 7. Dezember 2026, 09:00
WEEKDAY_DAY_MONTH_FORMAT = "l, j. F"  # Montag, 7. Dezember
COMPACT_DAY_FORMAT = "D j.n."  # Mo 7.12.
