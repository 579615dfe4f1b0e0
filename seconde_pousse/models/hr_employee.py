from odoo import fields, models

ROLES = [
    ("insertion", "Insertion employee"),
    ("supervisor", "Technical supervisor"),
    ("permanent", "Permanent staff"),
]
# Supervisors plan with this field but are not HR officers: they read employees
# through hr.employee.public, so the field is there too, for them and HR only.
ROLE_GROUPS = "hr.group_hr_user,seconde_pousse.group_sp_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    sp_role = fields.Selection(
        ROLES,
        string="Seconde Pousse Role",
        groups=ROLE_GROUPS,
        index="btree_not_null",
        help=(
            "Insertion employees and supervisors work on the farms; only supervisors "
            "lead an intervention."
        ),
    )
    sp_observation_ids = fields.One2many(
        "sp.intervention.review.observation",
        "employee_id",
        string="Observed on the Job",
        groups="hr.group_hr_user",
        help=(
            "What the employee showed on the farms, noted at the reviews of the "
            "interventions."
        ),
    )
