"""19.0.1.8.0: French accounting out of the box, and members' prices that follow
the membership.

- Each company on the French chart gets 756000 "Cotisations" (the associations'
  chart, which new French companies get with their chart), under the chart's
  id ``pcg_756``; an account of that code already there is given the id.
- The association's products get their accounts and taxes by the chart's ids
  (services on 706000 with the 20 % VAT on services, equipment hire on 708300,
  the membership on 756000 without VAT), unless someone chose others.
- The members' pricelist was set on a farm once, at its first review; the price
  now follows the membership on the day of each job: that pricelist is taken
  off the farms, which fall back on the default (non-members') one.
"""

from odoo import SUPERUSER_ID, api

MEMBERSHIP_CODE = "756000"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Chart = env["account.chart.template"]
    template = Chart._get_fr_sp_account_account()
    for company in env["res.company"].search(
        [("chart_template", "=", "fr")], order="parent_path"
    ):
        chart = Chart.with_company(company).with_context(lang="en_US")
        if chart.ref("pcg_756", raise_if_not_found=False):
            continue
        existing = (
            env["account.account"]
            .with_company(company)
            .search(
                [
                    *env["account.account"]._check_company_domain(company),
                    ("code", "=", MEMBERSHIP_CODE),
                ],
                limit=1,
            )
        )
        if existing:
            env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"account.{company.id}_pcg_756",
                        "record": existing,
                        "noupdate": True,
                    }
                ]
            )
        else:
            chart._load_data(
                {"account.account": {"pcg_756": dict(template["pcg_756"])}}
            )
    Chart._sp_set_french_accounting(keep_changes=True)

    member_pricelist = env["res.config.settings"]._sp_setting("sp_member_pricelist_id")
    if member_pricelist:
        for company in env["res.company"].search([]):
            farms = (
                env["res.partner"]
                .with_company(company)
                .search(
                    [
                        ("sp_is_farm", "=", True),
                        (
                            "specific_property_product_pricelist",
                            "=",
                            member_pricelist.id,
                        ),
                    ]
                )
            )
            farms.specific_property_product_pricelist = False
