import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

# A PASS IAE lasts two years: 730 days, its start day included.
PASS_DAYS = 730
# After a PASS, a new one needs two years without (carence, "délai de carence").
WAITING_PERIOD = relativedelta(years=2)
NUMBER_PATTERN = re.compile(r"[0-9A-Z]{12}")
PASS_STATES = [
    ("not_started", "Valid (not started)"),
    ("valid", "Valid"),
    ("suspended", "Valid (suspended)"),
    ("expired", "Expired"),
]


class SpIaePass(models.Model):
    """A PASS IAE: the State's approval (agrément) for a person to work in an
    integration structure, issued by les emplois de l'inclusion.

    It lasts two years; suspensions freeze it and granted prolongations extend
    it, both pushing its end date back by their length, as les emplois does.
    Once it has ended, a new one needs a two-year waiting period.
    """

    _name = "sp.iae.pass"
    _description = "PASS IAE"
    _inherit = ["mail.thread"]
    _order = "start_date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(
        required=True,
        tracking=True,
        copy=False,
        help="The 12 letters and digits of the PASS IAE, as les emplois issued it "
        "(its numbers start with 99999).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    start_date = fields.Date(required=True, tracking=True)
    end_date = fields.Date(
        compute="_compute_end_date",
        store=True,
        tracking=True,
        help="Start + 730 days - 1, pushed back by the days of its suspensions and "
        "of its granted prolongations.",
    )
    waiting_period_end = fields.Date(
        compute="_compute_waiting_period_end",
        store=True,
        help="Carence: no new PASS IAE before this date, two years after the end.",
    )
    state = fields.Selection(
        PASS_STATES,
        string="Status",
        compute="_compute_state",
        search="_search_state",
    )
    suspension_ids = fields.One2many(
        "sp.iae.pass.suspension", "pass_id", string="Suspensions"
    )
    prolongation_ids = fields.One2many(
        "sp.iae.pass.prolongation", "pass_id", string="Prolongations"
    )
    pathway_ids = fields.One2many("sp.pathway", "pass_id", string="Pathways")

    # Deferred: _check_number names the duplicate first, in French; the constraint
    # settles the race between two users at commit.
    _number_company_uniq = models.Constraint(
        "unique(company_id, number) DEFERRABLE INITIALLY DEFERRED",
        "This PASS IAE number is already recorded.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_number(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_number(vals)
        return super().write(vals)

    @staticmethod
    def _normalize_number(vals):
        # Typed as les emplois prints it: "99999 26 12345" or in lower case.
        if vals.get("number"):
            vals["number"] = re.sub(r"\s", "", vals["number"]).upper()

    @api.constrains("number", "company_id")
    def _check_number(self):
        # Whoever's pathway the other PASS is on.
        taken = self.sudo().search(
            [
                ("number", "in", self.mapped("number")),
                ("id", "not in", self.ids),
            ]
        )
        for iae_pass in self:
            if any(
                other.number == iae_pass.number
                and other.company_id == iae_pass.company_id
                for other in taken
            ):
                raise ValidationError(_("This PASS IAE number is already recorded."))
            if not NUMBER_PATTERN.fullmatch(iae_pass.number):
                raise ValidationError(
                    _(
                        "The PASS IAE number %(number)s is not valid: it has 12 "
                        "letters or digits.",
                        number=iae_pass.number,
                    )
                )

    @api.constrains("employee_id", "start_date", "end_date")
    def _check_one_valid(self):
        # A person holds one PASS IAE at a time: a new one starts once the last
        # has ended (whoever's pathway the other one is on).
        others = self.sudo().search(
            [("employee_id", "in", self.employee_id.ids), ("id", "not in", self.ids)]
        )
        for iae_pass in self.sudo():
            overlapping = others.filtered(
                lambda other, p=iae_pass: other.employee_id == p.employee_id
                and other.start_date <= p.end_date
                and p.start_date <= other.end_date
            )
            if overlapping:
                other = overlapping[0]
                raise ValidationError(
                    _(
                        "%(employee)s already has the PASS IAE %(number)s, valid "
                        "from %(start)s to %(end)s: a person holds one PASS IAE at a "
                        "time.",
                        employee=iae_pass.employee_id.name,
                        number=other.number,
                        start=format_date(self.env, other.start_date),
                        end=format_date(self.env, other.end_date),
                    )
                )

    @api.depends(
        "start_date",
        "suspension_ids.start_date",
        "suspension_ids.end_date",
        "prolongation_ids.state",
        "prolongation_ids.start_date",
        "prolongation_ids.end_date",
    )
    def _compute_end_date(self):
        for iae_pass in self:
            if not iae_pass.start_date:
                iae_pass.end_date = False
                continue
            extra_days = sum(iae_pass.suspension_ids.mapped("duration_days")) + sum(
                iae_pass.prolongation_ids.filtered(
                    lambda prolongation: prolongation.state == "granted"
                ).mapped("duration_days")
            )
            iae_pass.end_date = iae_pass.start_date + timedelta(
                days=PASS_DAYS - 1 + extra_days
            )

    @api.depends("end_date")
    def _compute_waiting_period_end(self):
        for iae_pass in self:
            iae_pass.waiting_period_end = (
                iae_pass.end_date and iae_pass.end_date + WAITING_PERIOD
            )

    @api.depends(
        "start_date", "end_date", "suspension_ids.start_date", "suspension_ids.end_date"
    )
    @api.depends_context("sp_today")
    def _compute_state(self):
        today = self._today()
        for iae_pass in self:
            if not iae_pass.start_date or today < iae_pass.start_date:
                iae_pass.state = "not_started"
            elif today > iae_pass.end_date:
                iae_pass.state = "expired"
            elif any(
                suspension.start_date <= today <= suspension.end_date
                for suspension in iae_pass.suspension_ids
            ):
                iae_pass.state = "suspended"
            else:
                iae_pass.state = "valid"

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = self._today()
        current = Domain("start_date", "<=", today) & Domain("end_date", ">=", today)
        suspended_today = [("start_date", "<=", today), ("end_date", ">=", today)]
        domains = {
            "not_started": Domain("start_date", ">", today),
            "expired": Domain("end_date", "<", today),
            "suspended": current & Domain("suspension_ids", "any", suspended_today),
            "valid": current & Domain("suspension_ids", "not any", suspended_today),
        }
        return Domain.OR(domains[state] for state in value if state in domains)

    @api.model
    def _today(self):
        """Today, or the day a test or a report looks from (context ``sp_today``)."""
        return fields.Date.to_date(self.env.context.get("sp_today")) or (
            fields.Date.context_today(self)
        )

    def _end_date_without(self, days):
        """The end date of the PASS if one of its suspensions or granted
        prolongations, of ``days`` days, did not push it back."""
        self.ensure_one()
        return self.end_date - timedelta(days=days)
