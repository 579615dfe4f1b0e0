from odoo import api, fields, models

CIP = "seconde_pousse.group_sp_cip"
# The ASP list of barriers (freins périphériques).
BARRIER_TYPES = [
    ("literacy", "Illiteracy / French as a foreign language"),
    ("administrative", "Administrative procedures and access to rights"),
    ("housing", "Accommodation / housing"),
    ("mobility", "Lack of mobility"),
    ("health", "Health (addiction, mental suffering and disability, other)"),
    ("justice", "Justice"),
    ("debt", "Over-indebtedness and finances"),
    ("availability", "Lack of availability"),
]
STATES = [
    ("identified", "Identified"),
    ("in_progress", "In progress"),
    ("lifted", "Lifted"),
]
SUPPORT_MODES = [
    ("internal", "Internal"),
    ("external", "External"),
    ("both", "Internal and external"),
]


class SpPathwayBarrier(models.Model):
    """A barrier to employment (frein périphérique) the CIP works on with the
    person: its type from the ASP list, how far it is lifted, and who helps
    (the association, a partner, or both), which the funders count."""

    _name = "sp.pathway.barrier"
    _description = "Pathway Barrier"
    _order = "pathway_id, state, id"

    pathway_id = fields.Many2one(
        "sp.pathway", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        related="pathway_id.employee_id", store=True, index=True
    )
    barrier_type = fields.Selection(
        BARRIER_TYPES, string="Type", required=True, groups=CIP
    )
    state = fields.Selection(
        STATES, string="Status", required=True, default="identified"
    )
    support_mode = fields.Selection(SUPPORT_MODES, string="Support")
    partner_id = fields.Many2one(
        "res.partner",
        groups=CIP,
        help="The organisation that helps with it, when the support is external.",
    )
    date_identified = fields.Date(
        string="Identified On", default=fields.Date.context_today
    )
    date_lifted = fields.Date(string="Lifted On")
    notes = fields.Text(groups=CIP)

    @api.depends("barrier_type")
    def _compute_display_name(self):
        types = dict(self._fields["barrier_type"]._description_selection(self.env))
        for barrier in self:
            barrier.display_name = types.get(barrier.barrier_type, "")
