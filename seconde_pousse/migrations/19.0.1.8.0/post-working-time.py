from odoo import SUPERUSER_ID, api, fields

# Jobs whose crew's hours may still be set right: not worked yet, or worked and not
# invoiced. An invoiced job keeps what its posted invoice says.
OPEN_STATES = ("draft", "planned", "confirmed", "in_progress")
WORKED_NOT_INVOICED = ("done", "reviewed")


def migrate(cr, version):
    """Planned and billed hours came from the raw span between a job's start and
    end (capped at 24 h): a two-day job was 24 h of work a person, lunch and the
    night included. They now come from the working schedule.

    Each job gets the company's schedule and its working time; the crew lines that
    still hold the old default (nobody corrected them) get the working hours, in
    jobs not invoiced and outside the months HR has closed; the expected amounts
    follow.
    """
    env = api.Environment(cr, SUPERUSER_ID, {})
    Intervention = env["sp.intervention"].with_context(
        active_test=False, tracking_disable=True
    )
    # In SQL: a write would recompute the planned hours of every crew line,
    # those of invoiced jobs and closed months too, which keep theirs.
    cr.execute(
        """
        UPDATE sp_intervention i
           SET resource_calendar_id = c.resource_calendar_id
          FROM res_company c
         WHERE c.id = i.company_id AND i.resource_calendar_id IS NULL
        """
    )
    env.invalidate_all()
    jobs = Intervention.search([])
    env.add_to_compute(Intervention._fields["working_hours"], jobs)
    env.add_to_compute(Intervention._fields["working_days"], jobs)
    env.add_to_compute(Intervention._fields["working_half_days"], jobs)
    jobs.flush_recordset()

    to_fix = jobs.filtered(
        lambda j: j.state in OPEN_STATES + WORKED_NOT_INVOICED and j.planned_start
    )
    for job in to_fix:
        closed = job.company_id.sp_ledger_closed_until
        if (
            job.state in WORKED_NOT_INVOICED
            and closed
            and fields.Date.to_date(job.planned_start) <= closed
        ):
            continue
        old = min(job.planned_duration, 24.0)
        new = job.working_hours
        if abs(old - new) < 0.005:
            continue
        for line in job.crew_line_ids:
            values = {}
            if abs(line.planned_hours - old) < 0.005:
                values["planned_hours"] = new
                if line.attended and abs(line.hours_worked - old) < 0.005:
                    values["hours_worked"] = new
            if values:
                line.write(values)
    env["sp.intervention"]._sp_recompute_amounts_to_invoice()
    env.flush_all()
