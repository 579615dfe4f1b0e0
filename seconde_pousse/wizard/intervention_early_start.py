from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import UserError


class SpInterventionEarlyStart(models.TransientModel):
    """A coordinator starts a job before its planned day, and says why."""

    _name = "sp.intervention.early.start"
    _description = "Start an Intervention Before Its Day"

    intervention_ids = fields.Many2many("sp.intervention", required=True)
    reason = fields.Text(required=True)

    def action_start(self):
        self.ensure_one()
        if not self.env.user.has_group("seconde_pousse.group_sp_manager"):
            raise UserError(_("Only a coordinator can start a job before its day."))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Say why the job starts before its planned day."))
        interventions = self.intervention_ids
        interventions._check_state(
            ("confirmed",),
            _("Only a confirmed intervention can be started: %(name)s is “%(state)s”."),
        )
        interventions.write({"early_start_reason": reason})
        interventions._start()
        for intervention in interventions:
            intervention.message_post(
                body=Markup("%s<br/>%s")
                % (_("Started before its planned day. Reason:"), reason),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
