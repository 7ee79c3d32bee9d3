# The portal's dates read the same in English (14 March 2025, WIB), with English times.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
