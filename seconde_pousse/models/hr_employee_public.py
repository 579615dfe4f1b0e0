from odoo import fields, models

from .hr_employee import ROLE_GROUPS, ROLES


class HrEmployeePublic(models.Model):
    """What planners who are not HR officers read of an employee: the role only."""

    _inherit = "hr.employee.public"

    sp_role = fields.Selection(
        ROLES, string="Seconde Pousse Role", readonly=True, groups=ROLE_GROUPS
    )
