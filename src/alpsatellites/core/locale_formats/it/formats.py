# See fr/formats.py: the names are ours, defined for every language.
LONG_DATE_FORMAT = "l j F Y"  # lunedì 7 dicembre 2026
LONG_DATETIME_FORMAT = "l j F Y, H:i"  # lunedì 7 dicembre 2026, 09:00
WEEKDAY_DAY_MONTH_FORMAT = "l j F"  # lunedì 7 dicembre
COMPACT_DAY_FORMAT = "D j/n"  # Lun 7/12
