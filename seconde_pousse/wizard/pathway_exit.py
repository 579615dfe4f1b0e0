from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class SpPathwayExit(models.TransientModel):
    """Recording the exit of a pathway in one step: its date, its outcome and,
    when the insertion contract runs beyond the exit, the ground of its early
    end, which ends the contract on the same day through Odoo's departure."""

    _name = "sp.pathway.exit"
    _description = "Record the Exit of a Pathway"

    pathway_id = fields.Many2one("sp.pathway", required=True, readonly=True)
    employee_id = fields.Many2one(related="pathway_id.employee_id")
    exit_date = fields.Date(required=True, default=fields.Date.context_today)
    exit_reason_id = fields.Many2one("sp.exit.reason", string="Outcome", required=True)
    exit_category = fields.Selection(related="exit_reason_id.category")
    contract_end = fields.Date(
        string="Contract Ends",
        compute="_compute_contract_end",
        help="The end of the person's current insertion contract.",
    )
    early_end = fields.Boolean(
        compute="_compute_contract_end",
        help="The exit comes before the end of the contract: it ends early.",
    )
    departure_reason_id = fields.Many2one(
        "hr.departure.reason",
        string="Ground of the Early End",
        domain=[("sp_early_end", "!=", False)],
    )

    @api.depends("pathway_id", "exit_date")
    def _compute_contract_end(self):
        for wizard in self:
            version = wizard._contract()
            wizard.contract_end = version.contract_date_end
            wizard.early_end = bool(
                version.contract_date_end
                and wizard.exit_date
                and wizard.exit_date < version.contract_date_end
            )

    def _contract(self):
        """The person's insertion contract running on the exit date (as the system:
        the CIP reads the pathway, HR the contracts)."""
        self.ensure_one()
        employee = self.pathway_id.sudo().employee_id
        day = self.exit_date or fields.Date.context_today(self)
        return employee.version_ids.filtered(
            lambda v: v.contract_type_id.sp_insertion
            and v.contract_date_start
            and v.contract_date_start <= day
            and (not v.contract_date_end or day <= v.contract_date_end)
        )[-1:]

    def action_exit(self):
        self.ensure_one()
        pathway = self.pathway_id
        pathway._check_state("ongoing", "suspended")
        if self.exit_date < pathway.hiring_date:
            raise UserError(
                _(
                    "The exit date cannot come before the hiring date, %(date)s.",
                    date=format_date(self.env, pathway.hiring_date),
                )
            )
        if not self.early_end:
            pathway.write(
                {
                    "exit_date": self.exit_date,
                    "exit_reason_id": self.exit_reason_id.id,
                    "state": "exited",
                }
            )
            return True
        if not self.departure_reason_id:
            raise UserError(
                _(
                    "The contract of %(employee)s runs until %(date)s: choose the "
                    "ground of its early end.",
                    employee=pathway.employee_id.name,
                    date=format_date(self.env, self.contract_end),
                )
            )
        # Odoo's departure, as the system: the CIP ends the contract on the ground
        # they record; the contract's rules still apply.
        departure = (
            self.env["hr.departure.wizard"]
            .sudo()
            .with_context(active_ids=pathway.sudo().employee_id.ids)
            .create(
                {
                    "employee_ids": pathway.sudo().employee_id.ids,
                    "departure_date": self.exit_date,
                    "departure_reason_id": self.departure_reason_id.id,
                    "set_date_end": True,
                    "sp_exit_reason_id": self.exit_reason_id.id,
                }
            )
        )
        departure.action_register_departure()
        return True
