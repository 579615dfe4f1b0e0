from odoo import api, models

from odoo.addons.account.models.chart_template import template

# What the association sells, and where the French chart (l10n_fr_account) books
# it, by the chart's own ids: its services on 706000 "Prestations de services"
# with the 20 % VAT on services, due on payment ("TVA 20 % S", CGI art. 269-2-c);
# equipment hire on 708300 "Locations diverses", a service too; the membership
# fee on 756000 "Cotisations", outside VAT (not a sale).
SERVICE_TAX = "tva_normale_encaissement"
MEMBERSHIP_ACCOUNT = "pcg_756"
FRENCH_ACCOUNTING = {
    "seconde_pousse.product_worker_hour": ("pcg_706", SERVICE_TAX),
    "seconde_pousse.product_team_half_day": ("pcg_706", SERVICE_TAX),
    "seconde_pousse.product_team_day": ("pcg_706", SERVICE_TAX),
    "seconde_pousse.product_flat_fee": ("pcg_706", SERVICE_TAX),
    "seconde_pousse.product_equipment_hour": ("pcg_7083", SERVICE_TAX),
    "seconde_pousse.product_equipment_day": ("pcg_7083", SERVICE_TAX),
    "seconde_pousse.product_equipment_km": ("pcg_7083", SERVICE_TAX),
    "seconde_pousse.product_equipment_hectare": ("pcg_7083", SERVICE_TAX),
    "seconde_pousse.product_membership": (MEMBERSHIP_ACCOUNT, None),
}


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template("fr", "account.account")
    def _get_fr_sp_account_account(self):
        # The associations' chart (règlement ANC n° 2018-06) adds 756 to the PCG.
        return {
            MEMBERSHIP_ACCOUNT: {
                "name": "Membership fees",
                "name@fr": "Cotisations",
                "code": "756000",
                "account_type": "income",
                "tag_ids": "account.account_tag_operating",
                "reconcile": False,
            },
        }

    def _get_demo_exception_product_template_xml_ids(self):
        # Odoo's accounting demo gives every product the default sale tax (20 % on
        # goods): ours keep theirs.
        return super()._get_demo_exception_product_template_xml_ids() + [
            f"{xmlid}_product_template" for xmlid in FRENCH_ACCOUNTING
        ]

    def _get_demo_exception_product_variant_xml_ids(self):
        return super()._get_demo_exception_product_variant_xml_ids() + list(
            FRENCH_ACCOUNTING
        )

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        if template_code == "fr":
            self._sp_set_french_accounting(company)
        return result

    @api.model
    def _sp_set_french_accounting(self, companies=None, keep_changes=False):
        """Give the association's products their French accounts and taxes in
        ``companies`` (every company on the French chart by default).

        ``keep_changes``: leave a product whose account or taxes someone chose
        (neither empty nor the chart's defaults), as an upgrade must.
        """
        if companies is None:
            companies = (
                self.env["res.company"].sudo().search([("chart_template", "=", "fr")])
            )
        products = {}
        for xmlid in FRENCH_ACCOUNTING:
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if product:
                products[product.product_tmpl_id] = FRENCH_ACCOUNTING[xmlid]
        # The membership Settings give a farm at its first review, if another.
        membership = self.env["res.config.settings"]._sp_setting(
            "sp_membership_product_id"
        )
        if membership:
            products.setdefault(membership.product_tmpl_id, (MEMBERSHIP_ACCOUNT, None))
        Tax = self.env["account.tax"].sudo()
        for company in companies.filtered(lambda c: c.chart_template == "fr"):
            chart = self.sudo().with_company(company)
            default_income = company.income_account_id
            for product, (account_xmlid, tax_xmlid) in products.items():
                product = product.sudo().with_company(company)  # noqa: PLW2901
                account = chart.ref(account_xmlid, raise_if_not_found=False)
                current = product.property_account_income_id
                if account and not (
                    keep_changes and current and current != default_income
                ):
                    product.property_account_income_id = account
                tax = (
                    chart.ref(tax_xmlid, raise_if_not_found=False) if tax_xmlid else Tax
                )
                in_company = product.taxes_id.filtered_domain(
                    Tax._check_company_domain(company)
                )
                if keep_changes and in_company - company.account_sale_tax_id:
                    continue
                product.taxes_id = product.taxes_id - in_company + (tax or Tax)
        return True
