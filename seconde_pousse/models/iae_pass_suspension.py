from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .checks import check_order

# The reasons les emplois offers today, then those it keeps for older suspensions.
CURRENT_REASONS = [
    ("CONTRACT_SUSPENDED", "Employment contract suspended for more than 15 days"),
    ("CONTRACT_BROKEN", "Employment contract broken off"),
    ("FINISHED_CONTRACT", "Employment contract ended"),
    (
        "APPROVAL_BETWEEN_CTA_MEMBERS",
        "Situation agreed between the members of the CTA",
    ),
    ("CONTRAT_PASSERELLE", "Switch to the bridging contract experiment"),
]
HISTORICAL_REASONS = [
    ("SICKNESS", "Sickness (historical)"),
    ("MATERNITY", "Maternity (historical)"),
    ("INCARCERATION", "Incarceration (historical)"),
    ("TRIAL_OUTSIDE_IAE", "Trial period outside IAE (historical)"),
    ("DETOXIFICATION", "Detoxification (historical)"),
    ("FORCE_MAJEURE", "Force majeure (historical)"),
]
MAX_DURATION = relativedelta(months=36)
MAX_RETROACTIVE_DAYS = 365


class SpIaePassSuspension(models.Model):
    """A suspension of a PASS IAE: while the person cannot work, the PASS is
    frozen, and its end date moves back by the suspension's length."""

    _name = "sp.iae.pass.suspension"
    _description = "PASS IAE Suspension"
    _order = "start_date desc, id desc"

    pass_id = fields.Many2one(
        "sp.iae.pass",
        string="PASS IAE",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="pass_id.company_id", store=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    duration_days = fields.Integer(
        string="Days",
        compute="_compute_duration_days",
        store=True,
        help="Days the PASS end date moves back by: end date minus start date, as "
        "les emplois counts them.",
    )
    reason = fields.Selection(
        CURRENT_REASONS + HISTORICAL_REASONS,
        required=True,
        groups="seconde_pousse.group_sp_cip",
        help="Historical reasons stay on older suspensions; new ones use the "
        "current reasons.",
    )
    reason_explanation = fields.Text(groups="seconde_pousse.group_sp_cip")

    _dates_ordered = models.Constraint(
        "CHECK (end_date >= start_date)",
        "A suspension ends on or after its start.",
    )
    # Two suspensions of one PASS never overlap, even saved at the same moment
    # (int4range: GiST compares the PASS without the btree_gist extension).
    # Deferred: _check_dates names the overlap first, in French; the constraint
    # settles the race between two users at commit.
    _no_overlap = models.Constraint(
        "EXCLUDE USING gist (int4range(pass_id, pass_id, '[]') WITH =, "
        "daterange(start_date, end_date, '[]') WITH &&) "
        "DEFERRABLE INITIALLY DEFERRED",
        "The suspensions of a PASS IAE cannot overlap.",
    )

    @api.constrains("start_date", "end_date")
    def _check_dates_ordered(self):
        check_order(
            self,
            "start_date",
            "end_date",
            _("A suspension ends on or after its start."),
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would meet the CHECK constraint first.
        for vals in vals_list:
            self.new(vals)._check_dates_ordered()
        return super().create(vals_list)

    @api.depends("start_date", "end_date")
    def _compute_duration_days(self):
        for suspension in self:
            suspension.duration_days = (
                (suspension.end_date - suspension.start_date).days
                if suspension.start_date and suspension.end_date
                else 0
            )

    @api.constrains("reason")
    def _check_reason_current(self):
        # The label in the user's language, as the form shows it.
        labels = dict(self._fields["reason"]._description_selection(self.env))
        historical = {code: labels[code] for code, _label in HISTORICAL_REASONS}
        for suspension in self.sudo():
            if suspension.reason in historical:
                raise ValidationError(
                    _(
                        "The reason “%(reason)s” is no longer offered: choose one of "
                        "the current reasons.",
                        reason=historical[suspension.reason],
                    )
                )

    @api.constrains("start_date", "end_date", "pass_id")
    def _check_dates(self):
        today = self.env["sp.iae.pass"]._today()
        earliest = today - timedelta(days=MAX_RETROACTIVE_DAYS)
        for suspension in self:
            iae_pass = suspension.pass_id
            # A suspension records that the person could not work: it has begun.
            if suspension.start_date > today:
                raise ValidationError(
                    _(
                        "A suspension of a PASS IAE starts today at the latest, not "
                        "on %(start)s: record it once it has begun.",
                        start=format_date(self.env, suspension.start_date),
                    )
                )
            if suspension.end_date >= suspension.start_date + MAX_DURATION:
                raise ValidationError(
                    _("A suspension of a PASS IAE lasts 36 months at most.")
                )
            pass_end = iae_pass._end_date_without(suspension.duration_days)
            if not iae_pass.start_date <= suspension.start_date <= pass_end:
                raise ValidationError(
                    _(
                        "The suspension starts on %(start)s, outside the PASS IAE "
                        "%(number)s (%(pass_start)s - %(pass_end)s).",
                        start=format_date(self.env, suspension.start_date),
                        number=iae_pass.number,
                        pass_start=format_date(self.env, iae_pass.start_date),
                        pass_end=format_date(self.env, pass_end),
                    )
                )
            if any(
                other.start_date <= suspension.end_date
                and suspension.start_date <= other.end_date
                for other in iae_pass.suspension_ids - suspension
            ):
                raise ValidationError(
                    _("The suspensions of a PASS IAE cannot overlap.")
                )
            if suspension.start_date < earliest:
                raise ValidationError(
                    _(
                        "A suspension starts at most 365 days in the past, on "
                        "%(earliest)s or later.",
                        earliest=format_date(self.env, earliest),
                    )
                )
