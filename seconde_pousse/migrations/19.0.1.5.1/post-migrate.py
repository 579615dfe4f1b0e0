"""19.0.1.5.1: databases installed at 19.0.1.5.0 got the pricelists in the installing
company, and the non-member one after the member one."""

from openupgradelib import openupgrade


def migrate(cr, version):
    openupgrade.logged_query(
        cr,
        """
        UPDATE product_pricelist p
           SET company_id = NULL,
               sequence = CASE d.name WHEN 'pricelist_non_member' THEN 10 ELSE 20 END
          FROM ir_model_data d
         WHERE d.model = 'product.pricelist' AND d.module = 'seconde_pousse'
           AND d.name IN ('pricelist_member', 'pricelist_non_member')
           AND d.res_id = p.id
        """,
    )
