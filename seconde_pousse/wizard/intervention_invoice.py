from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date


class SpInterventionInvoice(models.TransientModel):
    """Accounting bills the reviewed interventions of a period, farm by farm."""

    _name = "sp.intervention.invoice"
    _description = "Invoice Interventions"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="Until", required=True, default=fields.Date.context_today
    )
    farm_ids = fields.Many2many(
        "res.partner",
        string="Farms",
        domain=[("sp_is_farm", "=", True)],
        help="Leave empty to invoice every farm.",
    )
    group_by_month = fields.Boolean(
        string="One Invoice per Month", help="One invoice per farm and per month."
    )
    line_detail = fields.Selection(
        [
            ("line", "One line per intervention"),
            ("section", "A section per intervention"),
        ],
        string="Detail",
        default="line",
        required=True,
    )
    post = fields.Boolean(
        string="Post the Invoices", help="Otherwise they stay in draft for a check."
    )
    report = fields.Html(readonly=True, sanitize=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", readonly=True)

    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(_("The period to invoice ends before it starts."))

    def _eligible(self):
        """The interventions of the period to bill, and those left out (why)."""
        self.ensure_one()
        domain = [
            ("state", "=", "reviewed"),
            ("planned_start", ">=", self.date_from),
            ("planned_start", "<", fields.Date.add(self.date_to, days=1)),
            ("company_id", "=", self.env.company.id),
        ]
        if self.farm_ids:
            domain.append(("farm_id", "in", self.farm_ids.ids))
        interventions = self.env["sp.intervention"].search(
            domain, order="planned_start, id"
        )
        # Lock them: a second accountant invoicing the same jobs waits here, then
        # finds them invoiced (the billing key's unique index has the last word).
        if interventions:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sp_intervention WHERE id IN %s FOR NO KEY UPDATE",
                    tuple(interventions.ids),
                )
            )
        held = self.env["account.move.line"].search(
            [("sp_billing_key", "in", interventions.ids)]
        )
        on_invoice = held.sp_intervention_id
        not_billable = interventions.filtered(lambda i: not i.billable)
        return interventions - on_invoice - not_billable, on_invoice, not_billable

    def action_invoice(self):
        self.ensure_one()
        to_bill, on_invoice, not_billable = self._eligible()
        groups = {}
        for intervention in to_bill:
            month = intervention.planned_start.strftime("%Y-%m")
            key = (
                intervention.farm_id.commercial_partner_id,
                month if self.group_by_month else False,
            )
            groups.setdefault(key, self.env["sp.intervention"])
            groups[key] |= intervention
        with_section = self.line_detail == "section"
        prices = {}
        vals_list = []
        for (farm, _month), interventions in groups.items():
            lines = []
            for intervention in interventions:
                lines += intervention._invoice_line_values(
                    with_section=with_section, prices=prices
                )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": farm.id,
                    "invoice_origin": ", ".join(interventions.mapped("name")),
                    "invoice_line_ids": [Command.create(values) for values in lines],
                }
            )
        invoices = self.env["account.move"].create(vals_list)
        if self.post and invoices:
            invoices.action_post()
        self.write(
            {
                "invoice_ids": [Command.set(invoices.ids)],
                "report": self._report(invoices, to_bill, on_invoice, not_billable),
            }
        )
        if not invoices:
            raise UserError(
                _("Nothing to invoice in this period.")
                + "\n"
                + self._text_report(on_invoice, not_billable)
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        if len(invoices) == 1:
            action.update(
                {"res_id": invoices.id, "views": [(False, "form")], "view_mode": "form"}
            )
        if not (on_invoice or not_billable):
            return action
        # Say what was left out, then open the invoices.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Invoices"),
                "message": self._text_report(on_invoice, not_billable),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }

    def _text_report(self, on_invoice, not_billable):
        lines = []
        if on_invoice:
            lines.append(
                _(
                    "Already on an invoice, left out: %(names)s.",
                    names=", ".join(on_invoice.mapped("name")),
                )
            )
        if not_billable:
            lines.append(
                _(
                    "Not billable, left out: %(names)s.",
                    names=", ".join(not_billable.mapped("name")),
                )
            )
        return "\n".join(lines)

    def _report(self, invoices, billed, on_invoice, not_billable):
        lines = [
            _(
                "%(invoices)s invoices for %(count)s interventions, from %(start)s to "
                "%(end)s.",
                invoices=len(invoices),
                count=len(billed),
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            )
        ]
        lines += self._text_report(on_invoice, not_billable).splitlines()
        return Markup("").join(Markup("<p>%s</p>") % escape(line) for line in lines)
