from odoo import fields, models


class SpFunderIndicatorLine(models.TransientModel):
    """One person's hours of one month, behind the funders' indicators.

    Anonymised: a pseudonym drawn for one computation, the situation at hiring
    as the breakdowns count it, never a name. Made from the stored figures, for
    the graph and the pivot of the indicators screen.
    """

    _name = "sp.funder.indicator.line"
    _description = "Funders' Indicators: Line"
    _order = "month, pseudonym"

    indicators_id = fields.Many2one(
        "sp.funder.indicators", required=True, ondelete="cascade", index=True
    )
    pseudonym = fields.Char(string="Person", readonly=True)
    month = fields.Date(readonly=True)
    hours = fields.Float(string="Hours Worked", readonly=True, aggregator="sum")
    fte = fields.Float(string="FTE", digits=(16, 3), readonly=True, aggregator="sum")
    people = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="1 on one line of each person: summed, the people who worked.",
    )
    # hr.version's values, with labels of our own (Odoo ships them untranslated).
    sex = fields.Selection(
        [("female", "Woman"), ("male", "Man"), ("other", "Other")], readonly=True
    )
    age_band = fields.Selection(
        [("under_26", "Under 26"), ("26_49", "26 to 49"), ("50_plus", "50 and over")],
        string="Age at Hiring",
        readonly=True,
    )
    brsa = fields.Boolean(string="BRSA", readonly=True)
    ass = fields.Boolean(string="ASS", readonly=True)
    aah = fields.Boolean(string="AAH", readonly=True)
    rqth = fields.Boolean(string="RQTH", readonly=True)
    zrr = fields.Boolean(string="ZRR", readonly=True)
    qpv = fields.Boolean(string="QPV", readonly=True)
    ft_since = fields.Char(string="Job Seeker Since", readonly=True)
    education_level = fields.Char(readonly=True)
