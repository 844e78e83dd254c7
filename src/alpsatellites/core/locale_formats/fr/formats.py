# Added to Django's own French formats (FORMAT_MODULE_PATH); the names below are ours and are
# defined for every language, so `date_format(value, "LONG_DATE_FORMAT")` works in each.
LONG_DATE_FORMAT = "l j F Y"  # lundi 7 décembre 2026
LONG_DATETIME_FORMAT = "l j F Y, H:i"  # lundi 7 décembre 2026, 09:00
WEEKDAY_DAY_MONTH_FORMAT = "l j F"  # lundi 7 décembre
COMPACT_DAY_FORMAT = "D j/n"  # lun 7/12
