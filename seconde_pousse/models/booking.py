"""What the two no-double-booking rules share: people on interventions, equipment on loans.

Each rule is a deferrable GiST exclusion constraint over
``(int4range(resource, resource, '[]') WITH =, tsrange(start, end, '[)') WITH &&)``.
A Python check names the clash first, in French; it then settles the constraint
at once, so that of two transactions booking the same resource concurrently the
second waits for the first and fails inside the call (where Odoo turns the
database error into the constraint's message) rather than at commit.
"""
import re

from odoo.tools import SQL

# "... conflicts with existing key (...)=([7,8), ["2026-06-01 06:00:00","2026-06-01 13:00:00"))."
_EXISTING_KEY = re.compile(r'\(\[(\d+),\d+\), \["([^"]+)","([^"]+)"\)\)\.?$')


def exclusion_constraint(table, resource, start, end, where):
    return (
        f"EXCLUDE USING gist (int4range({resource}, {resource}, '[]') WITH =, "
        f"tsrange({start}, {end}, '[)') WITH &&) WHERE ({where}) DEFERRABLE INITIALLY DEFERRED"
    )


def settle_constraints(model, *names):
    """Check now the deferred constraints ``names`` of ``model``'s table, then defer them again."""
    constraints = SQL(", ").join(SQL.identifier(f"{model._table}_{name}") for name in names)
    model.env.cr.execute(SQL("SET CONSTRAINTS %s IMMEDIATE", constraints))
    model.env.cr.execute(SQL("SET CONSTRAINTS %s DEFERRED", constraints))


def existing_key(diagnostics):
    """(resource id, start, end) of the booking PostgreSQL found in the way, or None."""
    match = diagnostics and _EXISTING_KEY.search(diagnostics.message_detail or "")
    return (int(match[1]), match[2], match[3]) if match else None


def first_clash(records, resource, start, end, holds):
    """The first pair (record, other) of ``records``'s model booking one resource at overlapping times.

    ``holds`` is the SQL condition, with ``{0}`` for the table alias, for a row to hold its resource.
    """
    if not records:
        return None
    records.flush_model()
    table = records._table
    records.env.cr.execute(SQL(
        f"""SELECT rec.id, other.id FROM {table} rec
              JOIN {table} other
                ON int4range(other.{resource}, other.{resource}, '[]') = int4range(rec.{resource}, rec.{resource}, '[]')
               AND tsrange(other.{start}, other.{end}, '[)') && tsrange(rec.{start}, rec.{end}, '[)')
               AND {holds.format('other')} AND other.id != rec.id
             WHERE rec.id IN %s AND {holds.format('rec')}
             LIMIT 1""",
        tuple(records.ids),
    ))
    clash = records.env.cr.fetchone()
    return clash and records.browse(clash)
