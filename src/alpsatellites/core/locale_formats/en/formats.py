# See fr/formats.py: the names are ours, defined for every language.
LONG_DATE_FORMAT = "l j F Y"  # Monday 7 December 2026
LONG_DATETIME_FORMAT = "l j F Y, H:i"  # Monday 7 December 2026, 09:00
WEEKDAY_DAY_MONTH_FORMAT = "l j F"  # Monday 7 December
COMPACT_DAY_FORMAT = "D j/n"  # Mon 7/12
