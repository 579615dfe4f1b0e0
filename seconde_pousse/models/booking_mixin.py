"""No double booking: what people on interventions and equipment on loans share."""

import re

import pytz
from psycopg2.errors import ExclusionViolation

from odoo import _, api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_datetime

# PostgreSQL's detail of an exclusion violation names the booking in the way:
# '... conflicts with existing key (...)=([7,8), ["2026-06-01 06:00:00","2026-06-01
# 13:00:00"))."'
_EXISTING_KEY = re.compile(r'\(\[(\d+),\d+\), \["([^"]+)","([^"]+)"\)\)\.?$')


def planning_tz(env):
    """The time zone of the planner: the user's, else the company's, else UTC."""
    name = (
        env.context.get("tz")
        or env.user.tz
        or env.company.resource_calendar_id.tz
        or env.company.partner_id.tz
    )
    return pytz.timezone(name) if name else pytz.utc


class BookingExclusion(models.Constraint):
    """The exclusion constraint of a booking model, written from its ``_booking_*``.

    Declared once on the mixin; each model inheriting it gets the constraint on
    its own table and columns, and the French message naming the clash.
    """

    def __init__(self):
        super().__init__(
            "EXCLUDE USING gist (resource WITH =, period WITH &&) WHERE (booking holds)"
        )

    def apply_to_database(self, model):
        constraint = models.Constraint(model._booking_exclusion_definition())
        constraint.name = self.name
        constraint.apply_to_database(model)

    def get_error_message(self, model, diagnostics=None):
        return model._booking_clash_message_from_diagnostics(diagnostics)


class SpBookingMixin(models.AbstractModel):
    """A resource held for a period: a person on a crew, an item on a loan.

    A resource is never held twice for overlapping periods. PostgreSQL enforces
    it with a deferrable GiST exclusion constraint over ``(resource, [start,
    stop))``; ``_check_booking`` names the clash first, in French, then settles
    the constraint at once: of two transactions booking the same resource
    concurrently, the second waits for the first and fails inside the call,
    with the same message in its own language, rather than at commit. The
    overlap queries are written as the constraint is, so that its GiST index
    serves them.
    """

    _name = "sp.booking.mixin"
    _description = "Booking of a Resource for a Period"

    # Each booking model names its resource, its period and the states that
    # release the resource.
    _booking_resource = None
    _booking_start = "date_start"
    _booking_stop = "date_end"
    _booking_released_states = ("cancelled",)
    # Or a boolean column of the booking itself that says it is released: then a
    # change of the parent's state costs the bookings nothing but on release.
    _booking_released_field = None
    # Deferred constraints settled by _check_booking, the exclusion included.
    _booking_settled_constraints = ("no_double_booking",)

    _no_double_booking = BookingExclusion()

    # ------------------------------------------------------------------
    # SQL of a booking
    # ------------------------------------------------------------------
    @api.model
    def _booking_column(self, alias, fname):
        return SQL.identifier(alias, fname) if alias else SQL.identifier(fname)

    @api.model
    def _booking_resource_sql(self, alias=None):
        column = self._booking_column(alias, self._booking_resource)
        return SQL("int4range(%s, %s, '[]')", column, column)

    @api.model
    def _booking_period_sql(self, alias=None):
        return SQL(
            "tsrange(%s, %s, '[)')",
            self._booking_column(alias, self._booking_start),
            self._booking_column(alias, self._booking_stop),
        )

    @api.model
    def _booking_holds_sql(self, alias=None):
        """Whether a row holds its resource: not released, with a forward period.

        Rows with no period, or a backwards one (refused in Python with a clear
        message), hold nothing.
        """
        if self._booking_released_field:
            released = SQL(
                "%s IS TRUE", self._booking_column(alias, self._booking_released_field)
            )
        else:
            released = SQL(
                "%s IN %s",
                self._booking_column(alias, "state"),
                self._booking_released_states,
            )
        return SQL(
            "(NOT %s AND %s < %s)",
            released,
            self._booking_column(alias, self._booking_start),
            self._booking_column(alias, self._booking_stop),
        )

    @api.model
    def _booking_exclusion_definition(self):
        definition = SQL(
            "EXCLUDE USING gist (%s WITH =, %s WITH &&) WHERE %s "
            "DEFERRABLE INITIALLY DEFERRED",
            self._booking_resource_sql(),
            self._booking_period_sql(),
            self._booking_holds_sql(),
        )
        # A constraint's definition is plain text: PostgreSQL quotes the values.
        return self.env.cr.mogrify(definition).decode()

    # ------------------------------------------------------------------
    # Overlap queries
    # ------------------------------------------------------------------
    def _booking_flush(self):
        fnames = [
            self._booking_resource,
            self._booking_start,
            self._booking_stop,
            self._booking_released_field or "state",
        ]
        self.env[self._name].flush_model(fnames)

    def _booking_first_clash(self):
        """The first pair (row, other) of ``self`` and a row holding its resource
        at an overlapping time, or None."""
        if not self:
            return None
        self._booking_flush()
        table = SQL.identifier(self._table)
        self.env.cr.execute(
            SQL(
                """SELECT rec.id, other.id FROM %(table)s rec
                     JOIN %(table)s other
                       ON %(other_res)s = %(rec_res)s
                      AND %(other_period)s && %(rec_period)s
                      AND %(other_holds)s AND other.id != rec.id
                    WHERE rec.id IN %(ids)s AND %(rec_holds)s
                    LIMIT 1""",
                table=table,
                ids=tuple(self.ids),
                rec_res=self._booking_resource_sql("rec"),
                other_res=self._booking_resource_sql("other"),
                rec_period=self._booking_period_sql("rec"),
                other_period=self._booking_period_sql("other"),
                rec_holds=self._booking_holds_sql("rec"),
                other_holds=self._booking_holds_sql("other"),
            )
        )
        clash = self.env.cr.fetchone()
        return clash and self.browse(clash)

    @api.model
    def _booked_resource_ids(self, start, stop, exclude=None):
        """Ids of the resources held at some time in [start, stop), ignoring the
        rows ``exclude``; one indexed query whatever the number of bookings."""
        self._booking_flush()
        resource = self._booking_column("booking", self._booking_resource)
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT %(resource)s FROM %(table)s booking
                    WHERE %(period)s && tsrange(%(start)s, %(stop)s, '[)')
                      AND %(holds)s AND booking.id != ALL(%(exclude)s)""",
                resource=resource,
                table=SQL.identifier(self._table),
                period=self._booking_period_sql("booking"),
                holds=self._booking_holds_sql("booking"),
                start=start,
                stop=stop,
                exclude=list((exclude or self.browse()).ids),
            )
        )
        return [resource_id for (resource_id,) in self.env.cr.fetchall()]

    @api.model
    def _booking_clashes(self, resource_ids, periods):
        """Rows holding any of ``resource_ids`` during any of ``periods``.

        ``periods`` maps a key to a (start, stop) pair; returns {key: rows}, in
        one query for a whole series.
        """
        if not resource_ids or not periods:
            return {}
        self._booking_flush()
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp, %s::timestamp)", key, start, stop)
            for key, (start, stop) in periods.items()
        )
        self.env.cr.execute(
            SQL(
                """SELECT period.key, booking.id
                     FROM (VALUES %(values)s) AS period(key, start, stop)
                     JOIN %(table)s booking
                       ON %(row_period)s && tsrange(period.start, period.stop, '[)')
                    WHERE %(resource)s = ANY(%(resource_ids)s) AND %(holds)s
                 ORDER BY period.key, %(resource)s, booking.id""",
                values=values,
                table=SQL.identifier(self._table),
                row_period=self._booking_period_sql("booking"),
                resource=self._booking_column("booking", self._booking_resource),
                resource_ids=list(resource_ids),
                holds=self._booking_holds_sql("booking"),
            )
        )
        clashes = {}
        for key, row_id in self.env.cr.fetchall():
            clashes.setdefault(key, []).append(row_id)
        return {key: self.browse(ids) for key, ids in clashes.items()}

    # ------------------------------------------------------------------
    # The check, and its message
    # ------------------------------------------------------------------
    def _check_booking(self):
        """Refuse a booking of ``self`` that overlaps another, naming the clash.

        Then settle the deferred constraints now (see the class docstring).
        """
        if clash := self._booking_first_clash():
            row, other = clash
            raise ValidationError(row._booking_clash_message(other))
        names = SQL(", ").join(
            SQL.identifier(f"{self._table}_{name}")
            for name in self._booking_settled_constraints
        )
        # The loser of a race waits here for the winner's commit, then PostgreSQL
        # refuses: an expected refusal, said in the caller's language (Odoo's
        # generic handler would prefix it in English) and not logged as an error.
        try:
            self.env.cr.execute(
                SQL("SET CONSTRAINTS %s IMMEDIATE", names), log_exceptions=False
            )
        except ExclusionViolation as error:
            # This transaction is lost (the caller rolls it back): the clash is
            # written from a fresh one, which sees the winner's committed booking.
            raise ValidationError(
                self._booking_clash_message_from_diagnostics(error.diag, committed=True)
            ) from None
        self.env.cr.execute(SQL("SET CONSTRAINTS %s DEFERRED", names))

    @api.model
    def _booking_held_domain(self):
        if self._booking_released_field:
            return [(self._booking_released_field, "=", False)]
        return [("state", "not in", self._booking_released_states)]

    def _booking_clash_message(self, other):
        """The French message saying ``other`` holds the resource at that time."""
        raise NotImplementedError

    @api.model
    def _booking_clash_fallback_message(self):
        return _("This resource is already booked at that time.")

    @api.model
    def _booking_clash_message_from_diagnostics(self, diagnostics, committed=False):
        """The clash message, when PostgreSQL had the last word.

        With ``committed``, the booking in the way was committed by another
        transaction after this one began (the loser of a race): this one cannot
        see it, so the message is written from a fresh transaction, in the same
        language.
        """
        match = diagnostics and _EXISTING_KEY.search(diagnostics.message_detail or "")
        if not match:
            return self._booking_clash_fallback_message()
        domain = [
            (self._booking_resource, "=", int(match[1])),
            (self._booking_start, "=", match[2]),
            (self._booking_stop, "=", match[3]),
            *self._booking_held_domain(),
        ]
        if not committed:
            return self._booking_clash_message_in(self.env, domain)
        with self.env.registry.cursor() as cr:
            return self._booking_clash_message_in(self.env(cr=cr), domain)

    @api.model
    def _booking_clash_message_in(self, env, domain):
        model = self.with_env(env)
        other = model.sudo().search(domain, limit=1)
        if not other:
            return model._booking_clash_fallback_message()
        return model.browse()._booking_clash_message(other.with_env(env))

    def _booking_format(self, value):
        return format_datetime(
            self.env, value, tz=planning_tz(self.env).zone, dt_format="short"
        )
