"""Arabic formats for Wa'i (FORMAT_MODULE_PATH): Django's Arabic locale writes 0,3 for 0.3; the
site writes every number one way — Western digits and "." as the decimal point (see
quizzes/templatetags/numerals.py and docs/content-authoring.md, "Numbers and dates")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
