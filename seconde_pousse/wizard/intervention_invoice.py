from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date


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
        """The day of the oldest job still to bill: nothing is left behind."""
        oldest = self.env["sp.intervention"].search(
            self._to_bill_domain(), order="planned_start", limit=1
        )
        if oldest.planned_start:
            return fields.Date.context_today(self, oldest.planned_start)
        return fields.Date.context_today(self).replace(day=1)

    @api.model
    def _to_bill_domain(self):
        """Jobs reviewed, billable and on no invoice, of the current company."""
        return [
            ("state", "=", "reviewed"),
            ("billable", "=", True),
            ("company_id", "=", self.env.company.id),
            ("invoice_line_ids", "not any", [("sp_billing_key", "!=", False)]),
        ]

    @api.constrains("farm_ids")
    def _check_farms(self):
        # A contact given for its farm would match no job: refused, never read as
        # "every farm".
        for wizard in self:
            others = wizard.farm_ids.filtered(lambda partner: not partner.sp_is_farm)
            if others:
                raise ValidationError(
                    _(
                        "%(partners)s: not a member farm. Choose the farms themselves.",
                        partners=", ".join(others.mapped("display_name")),
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(_("The period to invoice ends before it starts."))

    def _period_domain(self):
        return Domain("planned_start", ">=", self.date_from) & Domain(
            "planned_start", "<", fields.Date.add(self.date_to, days=1)
        )

    def _eligible(self):
        """The interventions of the period to bill, and those left out (why):
        {"on_invoice", "not_billable", "held" (job: reason), "outside"}."""
        self.ensure_one()
        domain = [
            ("state", "=", "reviewed"),
            ("company_id", "=", self.env.company.id),
        ]
        if self.farm_ids:
            domain.append(("farm_id", "in", self.farm_ids.ids))
        Intervention = self.env["sp.intervention"]
        interventions = Intervention.search(
            Domain(domain) & self._period_domain(), order="planned_start, id"
        )
        # A second accountant invoicing the same jobs waits here, then starts again
        # and finds them invoiced (see _lock_for_invoicing).
        interventions._lock_for_invoicing()
        held_lines = self.env["account.move.line"].search(
            [("sp_billing_key", "in", interventions.ids)]
        )
        on_invoice = held_lines.sp_intervention_id
        not_billable = interventions.filtered(lambda i: not i.billable)
        to_bill = interventions - on_invoice - not_billable
        holds = to_bill._invoicing_holds()
        to_bill -= Intervention.browse([job.id for job in holds])
        # Jobs still to bill that the period leaves out: the accountant must know.
        outside = Intervention.search(
            Domain(domain) & Domain(self._to_bill_domain()) & ~self._period_domain(),
            order="planned_start, id",
        )
        left_out = {
            "on_invoice": on_invoice,
            "not_billable": not_billable,
            "held": holds,
            "outside": outside,
        }
        return to_bill, left_out

    def action_invoice(self):
        self.ensure_one()
        to_bill, left_out = self._eligible()
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
                "report": self._report(invoices, to_bill, left_out),
            }
        )
        if not invoices:
            raise UserError(
                _("Nothing to invoice in this period.")
                + "\n"
                + self._text_report(left_out)
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        if len(invoices) == 1:
            action.update(
                {"res_id": invoices.id, "views": [(False, "form")], "view_mode": "form"}
            )
        if not any(left_out.values()):
            return action
        # Say what was left out, then open the invoices.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Invoices"),
                "message": self._text_report(left_out),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }

    def _text_report(self, left_out):
        """What the wizard left out, and why, a line per reason."""
        lines = []
        if left_out["on_invoice"]:
            lines.append(
                _(
                    "Already on an invoice, left out: %(names)s.",
                    names=", ".join(left_out["on_invoice"].mapped("name")),
                )
            )
        if left_out["not_billable"]:
            lines.append(
                _(
                    "Not billable, left out: %(names)s.",
                    names=", ".join(left_out["not_billable"].mapped("name")),
                )
            )
        if left_out["held"]:
            lines.append(
                _(
                    "Held until the equipment is back: %(jobs)s.",
                    jobs="; ".join(
                        f"{job.name} ({reason})"
                        for job, reason in left_out["held"].items()
                    ),
                )
            )
        if left_out["outside"]:
            lines.append(
                _(
                    "Still to bill, outside the period: %(jobs)s.",
                    jobs=", ".join(
                        f"{job.name} ({self._job_day(job)})"
                        for job in left_out["outside"]
                    ),
                )
            )
        return "\n".join(lines)

    def _job_day(self, job):
        day = fields.Date.context_today(self, job.planned_start)
        return format_date(self.env, day)

    def _report(self, invoices, billed, left_out):
        count, jobs = len(invoices), len(billed)
        invoices_text = (
            _("1 invoice") if count == 1 else _("%(count)s invoices", count=count)
        )
        jobs_text = (
            _("1 intervention")
            if jobs == 1
            else _("%(count)s interventions", count=jobs)
        )
        lines = [
            _(
                "%(invoices)s for %(interventions)s, from %(start)s to %(end)s.",
                invoices=invoices_text,
                interventions=jobs_text,
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            )
        ]
        lines += self._text_report(left_out).splitlines()
        return Markup("").join(Markup("<p>%s</p>") % escape(line) for line in lines)
