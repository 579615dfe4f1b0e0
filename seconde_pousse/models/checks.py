"""Checks said in Python before PostgreSQL says them.

A CHECK constraint keeps the data right whatever writes it, but its refusal
reaches an RPC caller through Odoo's generic handler, in English and prefixed
"The operation cannot be completed". The same rule checked first in Python is
refused in the caller's language; the constraint stays as the last word.
"""

from odoo.exceptions import ValidationError


def check_order(records, first, last, message, strict=False):
    """Refuse with ``message`` a record whose ``last`` comes before ``first`` (or
    on the same day, with ``strict``)."""
    for record in records:
        start, end = record[first], record[last]
        if start and end and (end <= start if strict else end < start):
            raise ValidationError(message)


def check_not_negative(records, fname, message):
    for record in records:
        if record[fname] and record[fname] < 0:
            raise ValidationError(message)
