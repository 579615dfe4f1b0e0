from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.booking_mixin import planning_tz
from ..models.intervention import PRICE_FIELDS
from ..models.intervention_recurrence import MAX_OCCURRENCES


class SpInterventionRepeat(models.TransientModel):
    """Turn a planned intervention into a series of regular ones, reporting clashes."""

    _name = "sp.intervention.repeat"
    _description = "Repeat an Intervention"

    intervention_id = fields.Many2one("sp.intervention", required=True, readonly=True)
    interval = fields.Integer(string="Repeat Every", default=1, required=True)
    unit = fields.Selection(
        [("week", "Weeks"), ("month", "Months")], default="week", required=True
    )
    end_type = fields.Selection(
        [("count", "Number of occurrences"), ("until", "End date")],
        default="count",
        required=True,
    )
    count = fields.Integer(
        string="Occurrences", default=4, help="The current intervention included."
    )
    until = fields.Date()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    report = fields.Html(readonly=True, sanitize=True)

    @api.model
    def default_get(self, fields):
        # A regular need the farm asked for (every N weeks) is the proposed rule.
        values = super().default_get(fields)
        intervention = self.env["sp.intervention"].browse(values.get("intervention_id"))
        if intervention.requested_every_weeks and "interval" in fields:
            values.update(interval=intervention.requested_every_weeks, unit="week")
        return values

    @api.constrains("interval", "count", "end_type", "until")
    def _check_rule(self):
        for wizard in self:
            if wizard.interval < 1:
                raise UserError(_("A series repeats at least every week or month."))
            if wizard.end_type == "count" and wizard.count < 2:
                raise UserError(_("A series has at least two occurrences."))
            if wizard.end_type == "count" and wizard.count > MAX_OCCURRENCES:
                raise UserError(
                    _("A series has at most %(max)s occurrences.", max=MAX_OCCURRENCES)
                )
            if wizard.end_type == "until" and not wizard.until:
                raise UserError(_("Give the end date of the series."))
            start = wizard.intervention_id.planned_start
            if wizard.end_type == "until" and start and wizard.until <= start.date():
                raise UserError(_("The series must end after its first intervention."))

    def action_generate(self):
        self.ensure_one()
        source = self.intervention_id
        if source.recurrence_id:
            raise UserError(
                _("%(name)s already belongs to a series.", name=source.name)
            )
        if not (source.planned_start and source.planned_end):
            raise UserError(
                _(
                    "Set the planned start and end of %(name)s before repeating it.",
                    name=source.name,
                )
            )
        recurrence = self.env["sp.intervention.recurrence"].create(
            {
                "interval": self.interval,
                "unit": self.unit,
                "end_type": self.end_type,
                "count": self.count,
                "until": self.until,
            }
        )
        duration = source.planned_end - source.planned_start
        starts = recurrence._local_starts(source.planned_start, planning_tz(self.env))[
            1:
        ]
        periods = {
            index: (start, start + duration) for index, start in enumerate(starts)
        }
        clashes = self.env["sp.intervention.worker"]._booking_clashes(
            source.crew_line_ids.employee_id.ids, periods
        )

        template = source.copy_data(
            {"recurrence_id": recurrence.id, "calendar_event_id": False}
        )[0]
        vals_list = [
            dict(template, planned_start=start, planned_end=end)
            for index, (start, end) in periods.items()
            if index not in clashes
        ]
        source.recurrence_id = recurrence
        created = self.env["sp.intervention"].create(vals_list)
        # The occurrences are priced as their source, which the planner does not
        # read: accounting's pricing, carried over as the system.
        prices = source.sudo().read(list(PRICE_FIELDS))[0]
        prices.pop("id")
        created.sudo().write(prices)
        created.filtered(lambda i: i.state == "draft").action_plan()
        created._notify_bookings()

        lines = [
            _("%(count)s interventions created in the series.", count=len(created))
        ]
        if clashes:
            lines.append(
                _("Not created, because someone of the crew is already booked:")
            )
            lines += [
                f"{recurrence._format_day(periods[index][0])} — "
                f"{'; '.join(found._clash_descriptions())}"
                for index, found in sorted(clashes.items())
            ]
        self.write(
            {
                "state": "done",
                "report": Markup("<p>%s</p>") % Markup("</p><p>").join(lines),
            }
        )
        source.message_post(body=self.report)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Series"),
        }
