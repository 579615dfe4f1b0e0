from odoo import api, fields, models

from .hr_version import REFERENT_FIELDS

ROLES = [
    ("insertion", "Insertion employee"),
    ("supervisor", "Technical supervisor"),
    ("permanent", "Permanent staff"),
]
# Supervisors plan with this field but are not HR officers: they read employees
# through hr.employee.public, so the field is there too, for them and HR only.
ROLE_GROUPS = "hr.group_hr_user,seconde_pousse.group_sp_user"


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "sp.referent.mixin"]
    # The NIR and the contract's exceptions, read through the employee.
    _sp_referent_fields = REFERENT_FIELDS
    _sp_referent_employee = "id"
    _sp_referent_privileged_groups = {"ssnid": "hr.group_hr_manager"}

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
    sp_pathway_ids = fields.One2many(
        "sp.pathway",
        "employee_id",
        string="Integration Pathways",
        groups="seconde_pousse.group_sp_cip",
    )
    sp_pathway_count = fields.Integer(
        string="Pathways",
        compute="_compute_sp_pathway_count",
        groups="seconde_pousse.group_sp_cip",
    )

    @api.depends("sp_pathway_ids")
    def _compute_sp_pathway_count(self):
        # As the CIP reads them: their own pathways (the record rules apply).
        counts = dict(
            self.env["sp.pathway"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.sp_pathway_count = counts.get(employee._origin, 0)

    def action_open_sp_pathways(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_pathway_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
