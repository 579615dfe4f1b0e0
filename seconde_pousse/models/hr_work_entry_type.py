from odoo import api, fields, models

HOURS_KINDS = [
    ("farm", "Farm of the association"),
    ("intervention", "Intervention on a farm"),
    ("training", "Training"),
    ("time_off", "Time off"),
    ("absence", "Absence"),
    ("other", "Other"),
]


class HrWorkEntryType(models.Model):
    """The kinds of hours the insertion reports count: where the hours were worked,
    and which absences are paid."""

    _inherit = "hr.work.entry.type"

    sp_hours_kind = fields.Selection(
        HOURS_KINDS,
        string="Kind of Hours",
        compute="_compute_sp_hours_kind",
        store=True,
        readonly=False,
        help="The column of the monthly hours report (ASP monthly statement) these "
        "hours go to.",
    )
    sp_paid = fields.Boolean(
        string="Paid Hours",
        default=True,
        help="These hours count in the hours paid of the monthly statement.",
    )

    @api.depends("is_leave")
    def _compute_sp_hours_kind(self):
        for work_entry_type in self:
            if not work_entry_type.sp_hours_kind:
                work_entry_type.sp_hours_kind = (
                    "time_off" if work_entry_type.is_leave else "other"
                )
