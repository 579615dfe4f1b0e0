from datetime import date

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils, format_date, formatLang
from odoo.tools.translate import get_translation

INSERTION_MANAGER = "seconde_pousse.group_sp_insertion_manager"


class SpFunderIndicators(models.TransientModel):
    """The funders' indicators of a period, for one funding agreement or all.

    Computed once, from the pathways, the hours ledger and the accounting, into
    ``figures``; the screen, the XLSX workbook and the PDF all show that stored
    result, so they cannot disagree. The figures are aggregates; the lines
    behind them name nobody (each person is a pseudonym drawn for this
    computation only) and are the Responsable insertion's alone.
    """

    _name = "sp.funder.indicators"
    _description = "Funders' Indicators"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    agreement_id = fields.Many2one(
        "sp.funding.agreement",
        string="Funding Agreement",
        domain="[('company_id', '=', company_id)]",
        help="Leave empty for every agreement of the State over the period.",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_period",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="Until",
        compute="_compute_period",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    rsa_only = fields.Boolean(
        string="RSA Recipients Only",
        compute="_compute_rsa_only",
        store=True,
        readonly=False,
        precompute=True,
        help="The departmental council's view: the same figures for the people on "
        "RSA at their hiring.",
    )
    figures = fields.Json(
        compute="_compute_figures",
        store=True,
        readonly=True,
        help="The result of the computation, which every output shows: aggregates.",
    )
    # The person-level lines behind the figures are pseudonymous, not anonymous: a
    # coordinator who plans the crews would recognise a person by their hours and
    # exit month, and learn an RQTH or a health barrier. They stay with the
    # Responsable insertion, who may read the pathways themselves.
    person_lines = fields.Json(
        compute="_compute_figures",
        store=True,
        readonly=True,
        groups=INSERTION_MANAGER,
        help="The pseudonymous person-level lines behind the figures.",
    )
    figures_html = fields.Html(
        string="Indicators", compute="_compute_figures_html", sanitize=False
    )
    line_ids = fields.One2many(
        "sp.funder.indicator.line",
        "indicators_id",
        string="Lines",
        readonly=True,
        groups=INSERTION_MANAGER,
    )

    @api.depends("agreement_id", "date_from", "date_to", "rsa_only")
    def _compute_display_name(self):
        for indicators in self:
            name = _("Funders' Indicators")
            if indicators.date_from and indicators.date_to:
                name = _(
                    "Indicators from %(date_from)s to %(date_to)s",
                    date_from=format_date(self.env, indicators.date_from),
                    date_to=format_date(self.env, indicators.date_to),
                )
            if indicators.agreement_id:
                name = f"{indicators.agreement_id.name} · {name}"
            indicators.display_name = name + (
                _(" (RSA)") if indicators.rsa_only else ""
            )

    @api.depends("agreement_id")
    def _compute_period(self):
        today = fields.Date.context_today(self)
        for indicators in self:
            agreement = indicators.agreement_id
            if agreement:
                # The ledger counts whole months: those the agreement covers.
                indicators.date_from = agreement.date_from.replace(day=1)
                indicators.date_to = date_utils.end_of(agreement.date_to, "month")
            else:
                indicators.date_from = indicators.date_from or date(today.year, 1, 1)
                indicators.date_to = indicators.date_to or date(today.year, 12, 31)

    @api.depends("agreement_id")
    def _compute_rsa_only(self):
        for indicators in self:
            indicators.rsa_only = indicators.agreement_id.rsa_only

    @api.depends("company_id", "agreement_id", "date_from", "date_to", "rsa_only")
    def _compute_figures(self):
        for indicators in self:
            if indicators._sp_period_ok():
                indicators._sp_store(indicators._sp_figures())
            else:
                indicators.figures = indicators.person_lines = False

    def _sp_store(self, computed):
        """Keep the aggregates in ``figures`` and the person-level lines (each
        block's, and the analysis lines) in ``person_lines``."""
        self.ensure_one()
        figures = dict(computed)
        analysis = figures.pop("analysis", [])
        figures["blocks"] = [
            {key: value for key, value in block.items() if key != "lines"}
            for block in computed["blocks"]
        ]
        self.figures = figures
        self.person_lines = {
            "blocks": [block["lines"] for block in computed["blocks"]],
            "analysis": analysis,
        }

    def _sp_period_ok(self):
        """Whole months, in order: the ledger counts hours by month."""
        self.ensure_one()
        return bool(
            self.date_from
            and self.date_to
            and self.date_from.day == 1
            and self.date_to == date_utils.end_of(self.date_to, "month")
            and self.date_from <= self.date_to
        )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for indicators in self:
            if not indicators._sp_period_ok():
                raise ValidationError(
                    _(
                        "The indicators cover whole months, as the hours ledger "
                        "counts them: start on the first day of a month and end on "
                        "the last day of a month, after the start."
                    )
                )

    @api.depends("figures")
    def _compute_figures_html(self):
        for indicators in self:
            indicators.figures_html = (
                self.env["ir.qweb"]._render(
                    "seconde_pousse.funder_indicators_figures",
                    {
                        "figures": indicators.figures,
                        "fmt": indicators._sp_format,
                        "tr": indicators._sp_text,
                    },
                )
                if indicators.figures
                else False
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Funders' Indicators"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_compute(self):
        """Compute again, with the data as it is now."""
        for indicators in self:
            # Stored whoever refreshes them: the person-level lines are kept for
            # the Responsable insertion, as the first computation keeps them, and
            # the analysis lines of the old figures go.
            indicators.sudo()._sp_store(indicators._sp_figures())
            indicators.sudo().line_ids.unlink()
        return True

    def action_open_lines(self):
        """Graph and pivot over the anonymised lines behind the figures."""
        self.ensure_one()
        if not self.line_ids:
            self._sp_create_lines()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_funder_indicator_line_action"
        )
        action["domain"] = [("indicators_id", "=", self.id)]
        return action

    def action_open_commercial_income(self):
        """The journal items the commercial income adds up."""
        return self._sp_action_journal_items(0, _("Commercial income counted"))

    def action_open_commercial_charges(self):
        """The journal items the charges add up."""
        return self._sp_action_journal_items(1, _("Charges counted"))

    def _sp_action_journal_items(self, side, name):
        self.ensure_one()
        domain = self.env["sp.funder.figures"]._sp_accounting_domains(
            self.company_id, self.date_from, self.date_to
        )[side]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("account.view_move_line_tree").id, "list"),
                (False, "form"),
            ],
            "domain": list(domain),
            "context": {
                "search_default_group_by_account": 1,
                "allowed_company_ids": self.company_id.ids,
            },
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref(
            "seconde_pousse.action_report_funder_indicators"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref(
            "seconde_pousse.action_report_funder_indicators_xlsx"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Formatting, shared by the screen and the PDF
    # ------------------------------------------------------------------

    def _sp_text(self, value):
        """A label of the stored figures in the reader's language: a source term
        of this addon (titles, headers, labels, the reason a rate has none), or
        the code of a selection ({"choice", "code"}). Other text (a pseudonym,
        an account) is shown as it is."""
        lang = self.env.lang or "en_US"
        if isinstance(value, dict):
            labels = self.env["sp.funder.figures"]._sp_labels()
            return labels.get(value.get("choice"), {}).get(value.get("code"), "")
        if not value or lang == "en_US":
            return value or ""
        return get_translation("seconde_pousse", lang, value, ())

    def _sp_format(self, value, unit):
        """``value`` as a French reader reads it: counts, hours, FTE, rates,
        amounts, labels in the reader's language; an empty cell for None."""
        if isinstance(value, dict) or (
            isinstance(value, str) and unit not in ("month", "date")
        ):
            return self._sp_text(value)
        if unit == "yesno":
            return _("Yes") if value else _("No")
        if value is None or value is False:
            return ""
        if unit == "count":
            return formatLang(self.env, value, digits=0)
        if unit == "rate":
            return f"{formatLang(self.env, value * 100, digits=1)} %"
        if unit == "amount":
            return formatLang(self.env, value, currency_obj=self.company_id.currency_id)
        if unit == "month":
            return format_date(self.env, value, date_format="MMMM y")
        if unit == "date":
            return format_date(self.env, value)
        if unit == "text":
            return str(value)
        return formatLang(self.env, value, digits=2)

    def _sp_report_filename(self):
        self.ensure_one()
        name = _(
            "Funders' indicators %(date_from)s-%(date_to)s",
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return name + (_(" (RSA)") if self.rsa_only else "")

    # ------------------------------------------------------------------
    # The computation
    # ------------------------------------------------------------------

    def _sp_agreements(self):
        """The agreements the figures compare with: the chosen one, or the State's
        agreements of the company over the period."""
        self.ensure_one()
        if self.agreement_id:
            return self.agreement_id
        return self.env["sp.funding.agreement"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("kind", "=", "state"),
                ("date_from", "<=", self.date_to),
                ("date_to", ">=", self.date_from),
            ],
            order="date_from desc, id desc",
        )

    def _sp_figures(self):
        """Every figure of the period, computed once (see sp.funder.figures)."""
        self.ensure_one()
        return self.env["sp.funder.figures"]._sp_compute(
            self.company_id,
            self.date_from,
            self.date_to,
            self._sp_agreements(),
            agreement=self.agreement_id,
            rsa_only=self.rsa_only,
        )

    def _sp_create_lines(self):
        """The anonymised person × month lines of the stored figures, for the
        graph and the pivot."""
        self.ensure_one()
        lines = (self.person_lines or {}).get("analysis", [])
        # The codes of the stored lines, in the language of whoever analyses.
        labels = self.env["sp.funder.figures"]._sp_labels()
        self.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            **vals,
                            **{
                                fname: labels[fname].get(vals.get(fname), "")
                                for fname in ("ft_since", "education_level")
                            },
                        }
                    )
                    for vals in lines
                ]
            }
        )
