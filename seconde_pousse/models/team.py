from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError


class SpTeam(models.Model):
    """A standing crew: one supervisor and the employees who usually work with them.

    Choosing a team on an intervention proposes its supervisor and its members
    as the crew; the planner may still change the lines.
    """

    _name = "sp.team"
    _inherit = ["hr.mixin"]  # lets managers who are not HR officers set the members
    _description = "Seconde Pousse Team"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    supervisor_id = fields.Many2one(
        "hr.employee",
        domain=[("sp_role", "=", "supervisor")],
        check_company=True,
    )
    member_ids = fields.Many2many(
        "hr.employee", string="Team Members", check_company=True
    )
    min_workers = fields.Integer(string="Minimum Workers", default=1)
    max_workers = fields.Integer(
        string="Maximum Workers",
        default=lambda self: self.env["res.config.settings"]._sp_setting(
            "sp_max_workers"
        ),
    )

    _name_company_uniq = models.Constraint(
        "unique(name, company_id)", "A team with this name already exists."
    )

    @api.constrains("min_workers", "max_workers")
    def _check_bounds(self):
        for team in self:
            if not 0 < team.min_workers <= team.max_workers:
                raise ValidationError(
                    _(
                        "The team %(team)s needs at least one worker and a minimum no "
                        "larger than its maximum.",
                        team=team.name,
                    )
                )

    @api.constrains("supervisor_id", "member_ids")
    def _check_supervisor_not_member(self):
        for team in self:
            if team.supervisor_id and team.supervisor_id in team.member_ids:
                raise ValidationError(
                    _(
                        "%(person)s supervises the team %(team)s and cannot also be "
                        "one of its members.",
                        person=team.supervisor_id.name,
                        team=team.name,
                    )
                )

    def _crew_commands(self):
        """The workers an intervention gets from this team: its active members."""
        self.ensure_one()
        return [
            Command.clear(),
            *(
                Command.create({"employee_id": member.id})
                for member in self.member_ids.filtered("active")
            ),
        ]
