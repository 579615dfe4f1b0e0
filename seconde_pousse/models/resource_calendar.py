from odoo import fields, models


class ResourceCalendar(models.Model):
    """A working schedule edited while insertion contracts run on it keeps to
    their weekly hours (20 to 35, unless a derogation), as a new contract does."""

    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
        self._sp_check_running_insertion_contracts()
        return result

    def _sp_check_running_insertion_contracts(self):
        if not self:
            return
        self.flush_recordset(["hours_per_week"])
        today = fields.Date.context_today(self)
        versions = (
            self.env["hr.version"]
            .sudo()
            .search(
                [
                    ("resource_calendar_id", "in", self.ids),
                    ("contract_type_id.sp_insertion", "=", True),
                    ("employee_id", "!=", False),
                    "|",
                    ("contract_date_end", "=", False),
                    ("contract_date_end", ">=", today),
                ]
            )
        )
        for version in versions:
            version._check_insertion_hours()
