from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .checks import check_not_negative, check_order

# The fields the hours ledger reads of a training.
LEDGER_FIELDS = {"pathway_id", "date_start", "date_end", "hours", "weekday"}
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

CATEGORIES = [
    ("pre_qualifying", "Pre-qualifying"),
    ("qualifying", "Qualifying"),
    ("other", "Other"),
]


class SpPathwayTraining(models.Model):
    """A training the person follows during the pathway. Its hours are counted
    in the hours ledger and in the funders' training figures."""

    _name = "sp.pathway.training"
    _description = "Pathway Training"
    _order = "date_start desc, id desc"

    pathway_id = fields.Many2one(
        "sp.pathway", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        related="pathway_id.employee_id", store=True, index=True
    )
    name = fields.Char(string="Title", required=True)
    provider_id = fields.Many2one("res.partner")
    category = fields.Selection(CATEGORIES, required=True, default="qualifying")
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)
    hours = fields.Float(
        help="Total hours of the training, shared evenly among its sessions."
    )
    weekday = fields.Selection(
        WEEKDAYS,
        string="Weekly On",
        help="A training followed one day a week: its sessions are on this day. "
        "Without it, on every day the person is scheduled to work in its span.",
    )

    _dates_ordered = models.Constraint(
        "CHECK (date_end >= date_start)",
        "A training ends on or after its start.",
    )
    _hours_positive = models.Constraint(
        "CHECK (hours >= 0)", "The hours of a training cannot be negative."
    )

    @api.constrains("date_start", "date_end", "hours")
    def _check_dates_and_hours(self):
        check_order(
            self, "date_start", "date_end", _("A training ends on or after its start.")
        )
        check_not_negative(
            self, "hours", _("The hours of a training cannot be negative.")
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would meet the CHECK constraint first.
        for vals in vals_list:
            self.new(vals)._check_dates_and_hours()
        trainings = super().create(vals_list)
        trainings._sp_update_ledger(trainings._sp_ledger_periods())
        return trainings

    def write(self, vals):
        if not LEDGER_FIELDS & vals.keys():
            return super().write(vals)
        periods = self._sp_ledger_periods()
        result = super().write(vals)
        self._sp_update_ledger(periods + self._sp_ledger_periods())
        return result

    def unlink(self):
        periods = self._sp_ledger_periods()
        result = super().unlink()
        self._sp_update_ledger(periods)
        return result

    def _sp_session_days(self):
        """The days of the training's sessions: the person's scheduled working
        days in its span (never a public holiday, time off or day off), on its
        weekday if it has one."""
        self.ensure_one()
        employee = self.sudo().employee_id
        versions = employee.version_ids.filtered(
            lambda v: v.date_start <= self.date_end
            and (not v.date_end or v.date_end >= self.date_start)
        )
        days = versions._sp_working_days(self.date_start, self.date_end)[employee.id]
        if self.weekday:
            days = {day for day in days if day.weekday() == int(self.weekday)}
        return sorted(days)

    def _sp_ledger_periods(self):
        return [
            (training.employee_id, training.date_start, training.date_end)
            for training in self
            if training.employee_id
        ]

    def _sp_update_ledger(self, periods):
        """Its days of the hours ledger are redone, but those of a closed month."""
        self.env["hr.work.entry"]._sp_regenerate_periods(periods)

    @api.constrains("date_start", "pathway_id")
    def _check_in_pathway(self):
        for training in self:
            pathway = training.pathway_id
            if training.date_start < pathway.hiring_date:
                raise ValidationError(
                    _(
                        "The training “%(training)s” starts before the hiring of "
                        "%(employee)s.",
                        training=training.name,
                        employee=pathway.employee_id.name,
                    )
                )
