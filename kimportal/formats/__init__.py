"""Date and time formats per language (FORMAT_MODULE_PATH): templates and code write
`|time:"TIME_FORMAT"` or `date_format(value, "DATETIME_FORMAT")`, never a language's
separators, so an English page shows 09:30 where an Indonesian one shows 09.30."""
