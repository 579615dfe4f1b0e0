from odoo import models


class CalendarEvent(models.Model):
    """The crew's event of a confirmed intervention (``sp.intervention``)."""

    _inherit = "calendar.event"

    def _get_activity_excluded_models(self):
        # The event is the crew's agenda; a "Meeting" activity on the intervention
        # would only turn red once the day has passed, even on jobs long reviewed.
        return super()._get_activity_excluded_models() + ["sp.intervention"]
