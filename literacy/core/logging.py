"""Logs never hold personal data or secrets: ``RedactPersonalData`` (on the one log handler, see
``settings.LOGGING``) masks e-mail addresses, passwords and PINs written as ``name=value``, session
keys and other long tokens, in the message and in the traceback, before anything is written; and
it keeps each message on one line (no forged records).

A database error quoting the row it refused ("Key (email)=(ali@example.com) already exists"), or an
exception built from posted form data, would otherwise put a pupil's address or a password into a
file that operators copy around."""

import logging
import re

MASK = "[redacted]"

# Names of secrets (to mask their values), not secrets.
NAMES = (
    r"[\w-]*?(?:password|passwd|secret|token|csrf|api[_-]?key|sessionid|session_key|authorization"
    r"|cookie)[\w-]*|pins?"
)
PATTERNS = [
    # name=value, name: value, "name": "value" for a secret-looking name
    re.compile(rf"""(?i)(["']?\b(?:{NAMES})\b["']?\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s"',;&)]+)"""),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    # session keys (32 lowercase letters and digits) and url-safe tokens (guest tokens, reset keys)
    re.compile(r"\b(?=[a-z]*[0-9])[a-z0-9]{32,}\b"),
    re.compile(r"(?<![\w-])(?=[\w-]*[0-9])(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{32,}(?![\w-])"),
]


def redact(text: str) -> str:
    for pattern in PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: f"{m.group(1)}{MASK}", text)
        else:
            text = pattern.sub(MASK, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template only  # noqa: BLE001
            message = str(record.msg)
        # One record, one line: a newline smuggled in (an address with %0A) cannot forge a record.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
