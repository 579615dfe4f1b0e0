from odoo import fields, models

# The lawful grounds to end a fixed-term insertion contract before its term.
EARLY_ENDS = [
    ("agreement", "Mutual agreement (L1243-1)"),
    ("serious_misconduct", "Serious misconduct (L1243-1)"),
    ("force_majeure", "Force majeure (L1243-1)"),
    ("inaptitude", "Unfitness found by the occupational doctor (L1243-1)"),
    (
        "permanent_job",
        "Hired on a permanent contract, at the employee's initiative (L1243-2)",
    ),
    (
        "job_or_training",
        "Hired for 6 months or more, or a qualifying training, at the employee's "
        "initiative (L5132-15-1)",
    ),
    ("trial_period", "During the trial period (L1242-10)"),
]


class HrDepartureReason(models.Model):
    """Odoo's departure reasons, with the legal ground of an early end of an
    insertion contract: a first CDDI signed for 4 months or more may end before
    its term on these grounds only."""

    _inherit = "hr.departure.reason"

    sp_early_end = fields.Selection(
        EARLY_ENDS,
        string="Early End of a CDDI",
        help="The ground of the Code du travail on which an insertion contract may "
        "end before its term; the minimum duration of a first contract is the "
        "contract's as signed.",
    )
