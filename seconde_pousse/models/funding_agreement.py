from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("state", "State financial annex (DDETS)"),
    ("department", "Departmental council agreement (RSA recipients)"),
]
# The annual hours of a full-time post that the ASP divides by: 35 h a week less
# public holidays and paid leave, plus the solidarity day.
DEFAULT_HOURS_REFERENCE = 1607.0
# The historical targets of the dialogue de gestion, in % of the exits examined.
DEFAULT_TARGET_DYNAMIC = 60.0
DEFAULT_TARGET_LASTING = 25.0
# Commercial income of an ACI: at most 30 % of its charges, 50 % with a derogation.
COMMERCIAL_CEILING = 30.0
COMMERCIAL_CEILING_DEROGATION = 50.0


class SpFundingAgreement(models.Model):
    """What a funder agreed to pay the association for its integration posts.

    The State's "annexe financière" (the DDETS, for the ASP's aide au poste) and
    the Conseil départemental's agreement for the people on RSA: the posts agreed
    in full-time equivalents (FTE), the aid per post and its modulated part, and
    the targets the structure is judged on. The indicators compare what was
    done, from the pathways, the hours ledger and the accounting, with them.
    """

    _name = "sp.funding.agreement"
    _inherit = ["mail.thread"]
    _description = "Funding Agreement"
    _order = "date_from desc, kind, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    funder_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        domain=[("is_company", "=", True)],
    )
    kind = fields.Selection(
        KINDS,
        required=True,
        default="state",
        tracking=True,
        help="The State's annex covers every integration employee; the departmental "
        "council's agreement only the people on RSA, and its indicators are "
        "restricted to them.",
    )
    rsa_only = fields.Boolean(
        string="RSA Recipients Only",
        compute="_compute_rsa_only",
        help="The indicators of this agreement count the people on RSA only.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="Until", required=True, tracking=True)
    fte_agreed = fields.Float(
        string="Agreed FTE Posts",
        digits=(16, 2),
        required=True,
        tracking=True,
        help="Integration posts agreed for the period, in full-time equivalents "
        "(ETP conventionnés).",
    )
    aid_per_fte = fields.Monetary(
        string="Aid per FTE",
        tracking=True,
        help="Aide au poste for one full-time post over a year (the base amount, "
        "revalued every year).",
    )
    modulated_rate = fields.Float(
        string="Modulated Part (%)",
        digits=(16, 2),
        tracking=True,
        help="Part modulée of the aid, 0 to 10 % of the base amount, agreed in the "
        "dialogue de gestion on the profiles hired, the support given and the exits.",
    )
    aid_amount = fields.Monetary(
        string="Base Aid",
        compute="_compute_aid_amounts",
        help="Agreed FTE posts × aid per FTE.",
    )
    modulated_amount = fields.Monetary(
        compute="_compute_aid_amounts",
        help="Base aid × modulated part.",
    )
    hours_reference = fields.Float(
        string="Annual Hours of a Full-Time Post",
        digits=(16, 2),
        default=DEFAULT_HOURS_REFERENCE,
        required=True,
        tracking=True,
        help="The ASP's reference: hours worked in a year by a full-time employee. "
        "FTE worked = hours worked / this figure.",
    )
    target_dynamic_exit_rate = fields.Float(
        string="Target: Dynamic Exits (%)",
        digits=(16, 1),
        default=DEFAULT_TARGET_DYNAMIC,
        required=True,
        tracking=True,
        help="Share of the exits examined that are to lasting employment, "
        "transition employment or another positive exit.",
    )
    target_lasting_employment_rate = fields.Float(
        string="Target: Lasting Employment (%)",
        digits=(16, 1),
        default=DEFAULT_TARGET_LASTING,
        required=True,
        tracking=True,
        help="Share of the exits examined that are to lasting employment.",
    )
    commercial_derogation = fields.Boolean(
        tracking=True,
        help="The préfet allows commercial income up to 50 % of the charges instead "
        "of 30 %.",
    )
    commercial_ceiling = fields.Float(
        string="Commercial Ceiling (%)",
        compute="_compute_commercial_ceiling",
        help="Highest share of the charges that commercial income may cover.",
    )
    note = fields.Html(string="Notes")

    @api.depends("kind")
    def _compute_rsa_only(self):
        for agreement in self:
            agreement.rsa_only = agreement.kind == "department"

    @api.depends("fte_agreed", "aid_per_fte", "modulated_rate")
    def _compute_aid_amounts(self):
        for agreement in self:
            agreement.aid_amount = agreement.fte_agreed * agreement.aid_per_fte
            agreement.modulated_amount = (
                agreement.aid_amount * agreement.modulated_rate / 100
            )

    @api.depends("commercial_derogation")
    def _compute_commercial_ceiling(self):
        for agreement in self:
            agreement.commercial_ceiling = (
                COMMERCIAL_CEILING_DEROGATION
                if agreement.commercial_derogation
                else COMMERCIAL_CEILING
            )

    @api.constrains(
        "date_from",
        "date_to",
        "fte_agreed",
        "hours_reference",
        "aid_per_fte",
        "modulated_rate",
        "target_dynamic_exit_rate",
        "target_lasting_employment_rate",
    )
    def _check_figures(self):
        for agreement in self:
            targets = (
                agreement.target_dynamic_exit_rate,
                agreement.target_lasting_employment_rate,
            )
            if agreement.date_to < agreement.date_from:
                message = _("%(agreement)s ends before it starts.")
            elif agreement.fte_agreed <= 0:
                message = _("%(agreement)s needs agreed FTE posts, more than zero.")
            elif agreement.hours_reference <= 0:
                message = _(
                    "%(agreement)s needs the annual hours of a full-time post, more "
                    "than zero."
                )
            elif agreement.aid_per_fte < 0:
                message = _("The aid per FTE of %(agreement)s cannot be negative.")
            elif not 0 <= agreement.modulated_rate <= 10:
                message = _(
                    "The modulated part of the aid of %(agreement)s is between 0 and "
                    "10 %%."
                )
            elif not all(0 <= target <= 100 for target in targets):
                message = _(
                    "The targets of %(agreement)s are percentages, between 0 and 100."
                )
            else:
                continue
            raise ValidationError(message % {"agreement": agreement.name})

    def _prorated_fte(self, date_from, date_to):
        """The FTE posts agreed for the days of [date_from, date_to] that these
        agreements cover: each agreement's posts × its share of days in them."""
        total = 0.0
        for agreement in self:
            start = max(agreement.date_from, date_from)
            end = min(agreement.date_to, date_to)
            if end >= start:
                days = (agreement.date_to - agreement.date_from).days + 1
                total += agreement.fte_agreed * ((end - start).days + 1) / days
        return total

    def action_open_indicators(self):
        """The funders' indicators of this agreement, over its period."""
        self.ensure_one()
        indicators = self.env["sp.funder.indicators"].create({"agreement_id": self.id})
        indicators.action_compute()
        return indicators._action_open()
