"""19.0.1.8.0: a PASS IAE, its suspensions and prolongations are read by the
person's referent CIP(s), no longer by every CIP when the PASS is on no pathway
(a replaced PASS).

The rules are in noupdate data: let this update load their new domain.
"""

from openupgradelib import openupgrade

RULES = (
    "sp_iae_pass_rule_cip",
    "sp_iae_pass_suspension_rule_cip",
    "sp_iae_pass_prolongation_rule_cip",
)


def migrate(cr, version):
    openupgrade.logged_query(
        cr,
        """
        UPDATE ir_model_data
           SET noupdate = false
         WHERE module = 'seconde_pousse' AND model = 'ir.rule' AND name IN %s
        """,
        (RULES,),
    )
