# Times as Indonesian writes them (PUEBI: 09.30); Django's own `id` formats cover the rest.
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y H.i"
