from odoo import api, models


class ProductPricelistItem(models.Model):
    """A rule of a pricelist changes the prices of the farms that have it: the
    expected amounts of the jobs still to bill follow."""

    _inherit = "product.pricelist.item"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        self.env["sp.intervention"]._sp_recompute_amounts_to_invoice()
        return items

    def write(self, vals):
        result = super().write(vals)
        self.env["sp.intervention"]._sp_recompute_amounts_to_invoice()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["sp.intervention"]._sp_recompute_amounts_to_invoice()
        return result
