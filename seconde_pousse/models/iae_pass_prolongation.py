from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .checks import check_order

REASONS = [
    ("SENIOR_CDI", "Inclusion CDI signed with a person over 57"),
    ("COMPLETE_TRAINING", "End of a training"),
    ("RQTH", "RQTH (recognised disabled worker)"),
    ("SENIOR", "Aged 50 or over"),
    (
        "PARTICULAR_DIFFICULTIES",
        "Particularly serious difficulties (AI and ACI only)",
    ),
    ("HEALTH_CONTEXT", "Health context (historical)"),
]
HISTORICAL_REASONS = ("HEALTH_CONTEXT",)
# Days per request and days in all (None: no limit), as les emplois sets them.
# SENIOR_CDI runs until retirement; les emplois applies 10 years.
LIMITS = {
    "SENIOR_CDI": (3650, None),
    "COMPLETE_TRAINING": (365, None),
    "RQTH": (365, 1095),
    "SENIOR": (365, 1825),
    "PARTICULAR_DIFFICULTIES": (365, 1095),
    "HEALTH_CONTEXT": (None, None),
}
# A prescriber validates every reason but these two.
WITHOUT_PRESCRIBER = ("SENIOR_CDI", "COMPLETE_TRAINING")
# The reasons that need the report of the pathway (fichier bilan).
WITH_REPORT = ("RQTH", "SENIOR", "PARTICULAR_DIFFICULTIES")
STATES = [
    ("pending", "To Process"),
    ("granted", "Granted"),
    ("denied", "Denied"),
]
DENIAL_REASONS = [
    ("IAE", "IAE is no longer suited to the person"),
    ("SIAE", "Another structure would suit the person better"),
    ("DURATION", "Duration too long"),
    ("REASON", "Reason not justified"),
]
# A prolongation is asked from 12 months before the PASS ends to 6 months after.
REQUEST_OPENS = relativedelta(months=12)
REQUEST_CLOSES = relativedelta(months=6)


class SpIaePassProlongation(models.Model):
    """A request to prolong a PASS IAE, for one of the official reasons.

    It starts on the PASS end date. Only a granted prolongation moves the end
    date of the PASS, by its length (end date minus start date).
    """

    _name = "sp.iae.pass.prolongation"
    _description = "PASS IAE Prolongation"
    _order = "start_date desc, id desc"

    pass_id = fields.Many2one(
        "sp.iae.pass",
        string="PASS IAE",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="pass_id.company_id", store=True)
    request_date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Selection(
        REASONS, required=True, groups="seconde_pousse.group_sp_cip"
    )
    reason_explanation = fields.Text(groups="seconde_pousse.group_sp_cip")
    start_date = fields.Date(
        compute="_compute_start_date",
        store=True,
        readonly=False,
        precompute=True,
        help="The end date of the PASS IAE when the prolongation is asked.",
    )
    end_date = fields.Date(required=True)
    duration_days = fields.Integer(
        string="Days", compute="_compute_duration_days", store=True
    )
    state = fields.Selection(STATES, string="Status", required=True, default="pending")
    denial_reason = fields.Selection(DENIAL_REASONS)
    prescriber_org_id = fields.Many2one(
        "res.partner",
        string="Prescriber",
        help="The authorised prescriber who validates the request (every reason but "
        "the inclusion CDI and the end of a training).",
    )
    report_file = fields.Binary(
        string="Pathway Report",
        attachment=True,
        groups="seconde_pousse.group_sp_cip",
        help="Fichier bilan: required for the RQTH, 50 and over and particular "
        "difficulties reasons.",
    )
    report_filename = fields.Char()

    _dates_ordered = models.Constraint(
        "CHECK (end_date > start_date)",
        "A prolongation lasts one day at least.",
    )

    @api.constrains("start_date", "end_date")
    def _check_dates_ordered(self):
        check_order(
            self,
            "start_date",
            "end_date",
            _("A prolongation lasts one day at least."),
            strict=True,
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would meet the CHECK constraint first.
        for vals in vals_list:
            self.new(vals)._check_dates_ordered()
        return super().create(vals_list)

    @api.depends("pass_id")
    def _compute_start_date(self):
        for prolongation in self:
            if not prolongation.start_date:
                prolongation.start_date = prolongation.pass_id.end_date

    @api.depends("start_date", "end_date")
    def _compute_duration_days(self):
        for prolongation in self:
            prolongation.duration_days = (
                (prolongation.end_date - prolongation.start_date).days
                if prolongation.start_date and prolongation.end_date
                else 0
            )

    def _extension_days(self):
        """Days this prolongation adds to its PASS: its length once granted."""
        self.ensure_one()
        return self.duration_days if self.state == "granted" else 0

    @api.constrains("reason")
    def _check_reason_current(self):
        for prolongation in self.sudo():
            if prolongation.reason in HISTORICAL_REASONS:
                raise ValidationError(
                    _(
                        "The reason “Health context” is no longer offered: choose "
                        "one of the current reasons."
                    )
                )

    @api.constrains("start_date", "request_date", "pass_id", "state")
    def _check_start(self):
        for prolongation in self.filtered(lambda p: p.state != "denied"):
            pass_end = prolongation.pass_id._end_date_without(
                prolongation._extension_days()
            )
            if prolongation.start_date != pass_end:
                raise ValidationError(
                    _(
                        "A prolongation starts on the end date of the PASS IAE, "
                        "%(end)s.",
                        end=format_date(self.env, pass_end),
                    )
                )
            request = prolongation.request_date
            if not pass_end - REQUEST_OPENS <= request <= pass_end + REQUEST_CLOSES:
                raise ValidationError(
                    _(
                        "A prolongation is asked from 12 months before the end of "
                        "the PASS IAE to 6 months after it: from %(opens)s to "
                        "%(closes)s.",
                        opens=format_date(self.env, pass_end - REQUEST_OPENS),
                        closes=format_date(self.env, pass_end + REQUEST_CLOSES),
                    )
                )

    @api.constrains("reason", "start_date", "end_date", "state")
    def _check_limits(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for prolongation in self.sudo().filtered(lambda p: p.state != "denied"):
            per_request, in_all = LIMITS[prolongation.reason]
            label = labels[prolongation.reason]
            if per_request and prolongation.duration_days > per_request:
                raise ValidationError(
                    _(
                        "A prolongation for “%(reason)s” lasts %(days)s days at most "
                        "per request.",
                        reason=label,
                        days=per_request,
                    )
                )
            others = prolongation.pass_id.prolongation_ids.filtered(
                lambda p: p.state != "denied"
            )
            total = sum(others.mapped("duration_days"))
            if in_all and total > in_all:
                raise ValidationError(
                    _(
                        "The prolongations of this PASS IAE would add up to "
                        "%(total)s days: “%(reason)s” allows %(days)s days in all.",
                        total=total,
                        reason=label,
                        days=in_all,
                    )
                )

    @api.constrains("pass_id", "state")
    def _check_one_pending(self):
        # Les emplois takes one request at a time for a PASS.
        for prolongation in self.sudo().filtered(lambda p: p.state == "pending"):
            pending = prolongation.pass_id.prolongation_ids.filtered(
                lambda p: p.state == "pending"
            )
            if len(pending) > 1:
                raise ValidationError(
                    _(
                        "The PASS IAE %(number)s already has a prolongation request "
                        "to process: a PASS has one request at a time.",
                        number=prolongation.pass_id.number,
                    )
                )

    @api.constrains("reason", "prescriber_org_id", "report_file")
    def _check_documents(self):
        for prolongation in self.sudo():
            if (
                prolongation.reason not in WITHOUT_PRESCRIBER
                and not prolongation.prescriber_org_id
            ):
                raise ValidationError(
                    _("This reason needs the prescriber who validates the request.")
                )
            if prolongation.reason in WITH_REPORT and not prolongation.report_file:
                raise ValidationError(
                    _("This reason needs the report of the pathway (fichier bilan).")
                )

    def action_grant(self):
        self._check_pending()
        self.write({"state": "granted"})
        return True

    def action_deny(self):
        self._check_pending()
        if not all(self.mapped("denial_reason")):
            raise UserError(_("Choose why the prolongation is denied first."))
        self.write({"state": "denied"})
        return True

    def _check_pending(self):
        if any(prolongation.state != "pending" for prolongation in self):
            raise UserError(_("Only a prolongation to process can be decided."))
