from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """A day of a working schedule: its change is the schedule's (see
    resource_calendar.py)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances.calendar_id._sp_check_running_insertion_contracts()
        return attendances

    def write(self, vals):
        calendars = self.calendar_id
        result = super().write(vals)
        (calendars | self.calendar_id)._sp_check_running_insertion_contracts()
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        calendars._sp_check_running_insertion_contracts()
        return result
