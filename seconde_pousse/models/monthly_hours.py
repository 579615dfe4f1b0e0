from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The figures of a person's month, as the report and its callers name them.
FIGURES = (
    "hours_worked",
    "hours_paid",
    "hours_farm",
    "hours_intervention",
    "hours_training",
    "hours_time_off",
    "hours_absence",
)


class SpMonthlyHours(models.Model):
    """Each person's hours of a month, from the hours ledger (work entries).

    The figure of the ASP monthly statement (hours worked, hours paid) and its
    breakdown by kind; the funders' indicators read it too.
    """

    _name = "sp.monthly.hours"
    _description = "Monthly Hours"
    _auto = False
    _order = "month desc, employee_id"
    _rec_name = "employee_id"

    employee_id = fields.Many2one("hr.employee", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(
        string="First Day", readonly=True, help="The first day of the month."
    )
    period = fields.Char(string="Month", readonly=True, help="Year and month.")
    closed = fields.Boolean(
        readonly=True, help="HR has closed this month: its hours no longer change."
    )
    hours_worked = fields.Float(
        readonly=True,
        help="Hours of work up to today: at the farm, on interventions, training. "
        "The days to come are planned, not worked.",
    )
    hours_planned = fields.Float(
        string="Planned Hours",
        readonly=True,
        help="Hours of work still to come in the month, from tomorrow: planned by "
        "the schedule and the interventions, not worked yet.",
    )
    hours_paid = fields.Float(
        readonly=True, help="Hours worked and paid absences (time off)."
    )
    hours_farm = fields.Float(string="Farm", readonly=True)
    hours_intervention = fields.Float(string="Interventions", readonly=True)
    hours_training = fields.Float(string="Training", readonly=True)
    hours_time_off = fields.Float(string="Time Off", readonly=True)
    hours_absence = fields.Float(string="Absences", readonly=True)

    @property
    def _table_query(self):
        # The ledger runs to the month's end (the schedule, the planned jobs): what
        # comes after today is planned, not worked, paid or absent yet.
        today = self.env["sp.iae.pass"]._today()

        def kind(name):
            return SQL(
                "ROUND(SUM(CASE WHEN t.sp_hours_kind = %s AND e.date <= %s "
                "THEN e.duration ELSE 0 END)::numeric, 2)",
                name,
                today,
            )

        return SQL(
            """
            SELECT MIN(e.id) AS id,
                   e.employee_id,
                   e.company_id,
                   DATE_TRUNC('month', e.date)::date AS month,
                   TO_CHAR(DATE_TRUNC('month', e.date), 'YYYY-MM') AS period,
                   BOOL_AND(e.state = 'validated') AS closed,
                   ROUND(SUM(CASE WHEN t.is_leave OR e.date > %(today)s THEN 0
                                  ELSE e.duration END)::numeric, 2) AS hours_worked,
                   ROUND(SUM(CASE WHEN t.is_leave OR e.date <= %(today)s THEN 0
                                  ELSE e.duration END)::numeric, 2) AS hours_planned,
                   ROUND(SUM(CASE WHEN t.sp_paid AND e.date <= %(today)s THEN e.duration
                                  ELSE 0 END)::numeric, 2) AS hours_paid,
                   %(farm)s AS hours_farm,
                   %(intervention)s AS hours_intervention,
                   %(training)s AS hours_training,
                   %(time_off)s AS hours_time_off,
                   %(absence)s AS hours_absence
              FROM hr_work_entry e
              JOIN hr_work_entry_type t ON t.id = e.work_entry_type_id
             WHERE e.active AND e.state != 'cancelled'
          GROUP BY e.employee_id, e.company_id, DATE_TRUNC('month', e.date)
            """,
            today=today,
            farm=kind("farm"),
            intervention=kind("intervention"),
            training=kind("training"),
            time_off=kind("time_off"),
            absence=kind("absence"),
        )

    @api.model
    def _sp_figures(self, employees, months):
        """The figures of ``employees`` for ``months`` (first days), in one query.

        :return: ``{(employee_id, month): {figure: hours}}``, every pair present
            (zeros for a month without entries).
        """
        result = defaultdict(lambda: dict.fromkeys(FIGURES, 0.0))
        for employee in employees:
            for month in months:
                result[employee.id, month] = dict.fromkeys(FIGURES, 0.0)
        if not employees or not months:
            return result
        groups = self._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("month", ">=", min(months)),
                ("month", "<", max(months) + relativedelta(months=1)),
            ],
            ["employee_id", "month:month"],
            [f"{figure}:sum" for figure in FIGURES],
        )
        wanted = set(months)
        for employee, month, *figures in groups:
            if month in wanted:
                result[employee.id, month] = dict(zip(FIGURES, figures, strict=True))
        return result
