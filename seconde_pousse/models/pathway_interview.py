from datetime import timedelta

from odoo import api, fields, models

CIP = "seconde_pousse.group_sp_cip"
INTERVIEW_TYPES = [
    ("welcome", "Welcome"),
    ("follow_up", "Follow-up"),
    ("interim_review", "Interim review"),
    ("pre_prolongation_review", "Review before prolongation"),
    ("exit_preparation", "Exit preparation"),
]


class SpPathwayInterview(models.Model):
    """A follow-up interview of the CIP with a person on a pathway.

    Its notes are confidential (CIP group only); its next step becomes an
    activity on the pathway, for the CIP to find in their to-dos.
    """

    _name = "sp.pathway.interview"
    _description = "Pathway Interview"
    _order = "start desc, id desc"

    pathway_id = fields.Many2one(
        "sp.pathway", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        related="pathway_id.employee_id", store=True, index=True
    )
    cip_user_id = fields.Many2one(
        related="pathway_id.cip_user_id", string="CIP", store=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True)
    start = fields.Datetime(string="Date", required=True, default=fields.Datetime.now)
    duration = fields.Float(default=1.0, help="Length of the interview, in hours.")
    stop = fields.Datetime(compute="_compute_stop", store=True)
    interview_type = fields.Selection(
        INTERVIEW_TYPES, string="Type", required=True, default="follow_up"
    )
    author_id = fields.Many2one(
        "res.users", string="Held By", required=True, default=lambda self: self.env.user
    )
    barrier_ids = fields.Many2many(
        "sp.pathway.barrier",
        string="Barriers Discussed",
        domain="[('pathway_id', '=', pathway_id)]",
    )
    notes = fields.Html(groups=CIP, help="Confidential: the CIP group reads them.")
    next_step = fields.Char(
        help="What comes next: it becomes an activity on the pathway for its CIP."
    )
    next_step_date = fields.Date()
    next_step_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )

    @api.depends("start", "duration")
    def _compute_stop(self):
        for interview in self:
            interview.stop = interview.start and interview.start + timedelta(
                hours=interview.duration or 0
            )

    @api.depends("interview_type", "employee_id")
    def _compute_display_name(self):
        types = dict(self._fields["interview_type"]._description_selection(self.env))
        for interview in self:
            interview.display_name = " — ".join(
                filter(
                    None,
                    [types.get(interview.interview_type), interview.employee_id.name],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        interviews._schedule_next_step()
        return interviews

    def write(self, vals):
        result = super().write(vals)
        if {"next_step", "next_step_date"} & set(vals):
            self._schedule_next_step()
        return result

    def unlink(self):
        # The next step of an interview that is gone is no longer a to-do.
        self.next_step_activity_id.unlink()
        return super().unlink()

    def _schedule_next_step(self):
        """The next step as a to-do of the pathway's CIP, one per interview; none
        once its date is cleared."""
        self.filtered(lambda i: not i.next_step_date).next_step_activity_id.unlink()
        for interview in self.filtered("next_step_date"):
            activity = interview.next_step_activity_id
            if activity:
                activity.write(
                    {
                        "summary": interview.next_step,
                        "date_deadline": interview.next_step_date,
                    }
                )
                continue
            pathway = interview.pathway_id
            interview.next_step_activity_id = pathway.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=interview.next_step_date,
                summary=interview.next_step,
                user_id=(pathway.cip_user_id or interview.author_id).id,
            )
