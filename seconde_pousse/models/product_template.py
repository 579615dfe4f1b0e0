from odoo import api, models

from .intervention import EQUIPMENT_PRODUCTS


class ProductTemplate(models.Model):
    """A new price of a product that bills the farms changes what each job still
    to bill is expected to bring."""

    _inherit = "product.template"

    @api.model
    def _sp_billing_templates(self):
        """The templates of the products an intervention's invoice lines use."""
        xmlids = [
            "seconde_pousse.product_worker_hour",
            "seconde_pousse.product_team_half_day",
            "seconde_pousse.product_team_day",
            "seconde_pousse.product_flat_fee",
            *EQUIPMENT_PRODUCTS.values(),
        ]
        products = self.env["product.product"]
        for xmlid in xmlids:
            products |= self.env.ref(xmlid, raise_if_not_found=False) or products
        return products.product_tmpl_id

    def write(self, vals):
        result = super().write(vals)
        if "list_price" in vals and self & self._sp_billing_templates():
            self.env["sp.intervention"]._sp_recompute_amounts_to_invoice()
        return result
