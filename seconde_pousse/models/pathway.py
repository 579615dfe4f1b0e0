from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from .checks import check_order

SEQUENCE_CODE = "sp.pathway"
CIP = "seconde_pousse.group_sp_cip"
STATES = [
    ("ongoing", "Ongoing"),
    ("suspended", "Suspended"),
    ("exited", "Exited"),
]
# ASP ref_orienteur_v5, as les emplois maps it (itou/asp/models.py PrescriberType).
ORIENTEURS = [
    ("01", "Mission locale"),
    ("02", "Cap emploi"),
    ("03", "France Travail (formerly Pôle emploi)"),
    ("04", "PLIE - Local plan for integration and employment"),
    ("05", "Social service of the departmental council"),
    ("06", "Other authorised prescriber"),
    ("07", "Spontaneous application"),
    ("08", "Orienteur (non-authorised prescriber)"),
    ("09", "SPIP - Prison integration and probation service"),
    ("10", "PJJ - Youth judicial protection"),
    ("11", "CCAS - Municipal social action centre"),
    ("12", "CHRS - Accommodation and social reintegration centre"),
    ("13", "CIDFF - Women's and families' rights information centre"),
    ("14", "Prevention service or club"),
    ("15", "AFPA - National agency for adult vocational training"),
    ("16", "PIJ-BIJ - Youth information point or office"),
    ("17", "CAF - Family allowance fund"),
    ("18", "CADA - Reception centre for asylum seekers"),
    ("19", "ASE - Child welfare"),
    ("20", "CAVA - Centre for adaptation to working life"),
    ("21", "CPH - Temporary accommodation centre"),
    ("22", "CHU - Emergency accommodation centre"),
    ("23", "OACAS - Community reception and solidarity activity organisation"),
    ("99", "Unknown"),
]
# ASP ref_niveau_formation_v3.
EDUCATION_LEVELS = [
    ("00", "Non-certifying qualifications"),
    ("01", "Never went to school"),
    ("10", "Postgraduate or engineering school"),
    ("20", "Bachelor's level"),
    ("30", "BTS or DUT level"),
    ("40", "Baccalauréat level"),
    ("41", "BT or vocational baccalauréat"),
    ("50", "BEP or CAP level"),
    ("51", "CAP or BEP obtained"),
    ("60", "One-year short training"),
    ("70", "No training beyond compulsory schooling"),
]
# ASP ref_type_employeur_v3.
EMPLOYER_TYPES = [
    ("01", "Integration enterprise (EI)"),
    ("02", "Temporary work integration enterprise (ETTI)"),
    ("03", "Intermediate association (AI)"),
    ("04", "Integration workshop (ACI)"),
    ("05", "ESAT"),
    ("06", "Adapted enterprise (EA)"),
    ("07", "Other"),
]
# ASP ref_duree_allocation_emploi_v2.
DURATIONS = [
    ("01", "Less than 6 months"),
    ("02", "6 to 11 months"),
    ("03", "12 to 23 months"),
    ("04", "24 months or more"),
]
RSA = [
    ("NON", "No"),
    ("OUI-M", "Yes, increased (majoré)"),
    ("OUI-NM", "Yes, not increased"),
]
# An exit counts when the person worked more than 3 months in the structure: the
# pilotage of the ASP figures writes it duration_in_months > 2.65.
COUNTED_MONTHS = 2.65
# The ASP's months per day (12 / 365): an exit 80 days after hiring is 2.63 months.
MONTHS_PER_DAY = 0.0328767
PASS_WARNING_ACTIVITY = "seconde_pousse.mail_activity_type_pass_expiry"


class SpPathway(models.Model):
    """The integration pathway of one person for one hire (a person may come back
    later, on a new pathway).

    The CIP (insertion adviser) follows it: the situation at hiring as the ASP
    employee record has it, the PASS IAE, interviews, barriers, trainings and
    immersions, the skills seen on the job, then the exit and its outcome, which
    the funders' exit rates count. Its personal data is read by the CIP group
    only (field groups and record rules): a CIP sees the pathways they are the
    referent of, the Insertion Manager sees all.
    """

    _name = "sp.pathway"
    _description = "Integration Pathway"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "hiring_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain=[("sp_role", "=", "insertion")],
    )
    hiring_date = fields.Date(required=True, default=fields.Date.context_today)
    pass_id = fields.Many2one(
        "sp.iae.pass",
        string="PASS IAE",
        index="btree_not_null",
        check_company=True,
        domain="[('employee_id', '=', employee_id)]",
    )
    pass_end_date = fields.Date(
        related="pass_id.end_date", string="PASS IAE End", store=True
    )
    pass_state = fields.Selection(related="pass_id.state", string="PASS IAE Status")
    pass_expiry_soon = fields.Boolean(
        string="PASS IAE Ends Soon",
        compute="_compute_pass_expiry_soon",
        search="_search_pass_expiry_soon",
        help="The PASS IAE ends within the warning period set in Settings.",
    )
    pass_warned_end_date = fields.Date(
        copy=False,
        readonly=True,
        help="The PASS IAE end date the CIP was last warned of.",
    )
    orienteur = fields.Selection(
        ORIENTEURS,
        string="Referred By",
        groups=CIP,
        help="Who referred the person (ASP list of orienteurs).",
    )
    cip_user_id = fields.Many2one(
        "res.users",
        string="CIP",
        index=True,
        tracking=True,
        default=lambda self: self.env.user if self.env.user.has_group(CIP) else False,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(CIP).ids)],
        help="The insertion adviser (conseiller·ère en insertion professionnelle) "
        "who is referent for the pathway.",
    )
    supervisor_id = fields.Many2one(
        "hr.employee",
        check_company=True,
        domain=[("sp_role", "=", "supervisor")],
    )
    # Situation at hiring, as the ASP employee record (fiche salarié) has it.
    education_level = fields.Selection(EDUCATION_LEVELS, groups=CIP)
    is_employed = fields.Boolean(string="Employed at Hiring", groups=CIP)
    employer_type = fields.Selection(EMPLOYER_TYPES, groups=CIP)
    unemployed_since = fields.Selection(DURATIONS, string="Unemployed For", groups=CIP)
    ft_registered = fields.Boolean(string="Registered with France Travail", groups=CIP)
    ft_since = fields.Selection(
        DURATIONS, string="Registered with France Travail For", groups=CIP
    )
    resourceless = fields.Boolean(string="Without Resources", groups=CIP)
    rsa = fields.Selection(RSA, string="RSA", groups=CIP)
    rsa_since = fields.Selection(DURATIONS, string="RSA For", groups=CIP)
    ass = fields.Boolean(string="ASS", groups=CIP)
    ass_since = fields.Selection(DURATIONS, string="ASS For", groups=CIP)
    aah = fields.Boolean(string="AAH", groups=CIP)
    aah_since = fields.Selection(DURATIONS, string="AAH For", groups=CIP)
    rqth = fields.Boolean(string="RQTH", groups=CIP)
    oeth = fields.Boolean(string="OETH", groups=CIP)
    ase_exit = fields.Boolean(string="Left Child Welfare (ASE)", groups=CIP)
    isolated_parent = fields.Boolean(string="Single Parent", groups=CIP)
    housing_issue = fields.Boolean(string="Housing Difficulties", groups=CIP)
    refugee = fields.Boolean(string="Refugee or Subsidiary Protection", groups=CIP)
    detention_exit_or_ppsmj = fields.Boolean(
        string="Left Prison or Under Court Supervision (PPSMJ)", groups=CIP
    )
    low_level_in_french = fields.Boolean(string="French Below A1 Level", groups=CIP)
    mobility_issue = fields.Boolean(string="Mobility Difficulties", groups=CIP)
    qpv = fields.Boolean(
        string="Lives in a QPV",
        groups=CIP,
        help="Priority neighbourhood of the city policy (quartier prioritaire).",
    )
    zrr = fields.Boolean(
        string="Lives in a ZRR",
        groups=CIP,
        help="Rural revitalisation zone (zone de revitalisation rurale).",
    )
    objectives = fields.Html(groups=CIP)
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="ongoing",
        tracking=True,
        index=True,
        group_expand=True,
    )
    exit_date = fields.Date(tracking=True, copy=False)
    exit_reason_id = fields.Many2one("sp.exit.reason", copy=False)
    exit_category = fields.Selection(
        related="exit_reason_id.category", store=True, tracking=True
    )
    months_in_structure = fields.Float(
        string="Months in the Structure",
        compute="_compute_months_in_structure",
        digits=(16, 1),
        help="From hiring to exit (to today while ongoing), added up over the "
        "person's pathways.",
    )
    counts_as_exit = fields.Boolean(
        compute="_compute_counts_as_exit",
        store=True,
        help="The exit counts in the funders' exit rates: its category is not a "
        "withdrawal and the person worked more than 3 months in the structure, "
        "all their pathways together (more than 2.65 months, as the ASP counts).",
    )
    interview_ids = fields.One2many(
        "sp.pathway.interview", "pathway_id", string="Interviews"
    )
    barrier_ids = fields.One2many("sp.pathway.barrier", "pathway_id", string="Barriers")
    training_ids = fields.One2many(
        "sp.pathway.training", "pathway_id", string="Trainings"
    )
    immersion_ids = fields.One2many(
        "sp.pathway.immersion", "pathway_id", string="Immersions"
    )
    observation_ids = fields.Many2many(
        "sp.intervention.review.observation",
        string="Observed on the Job",
        compute="_compute_observation_ids",
        help="What the supervisors noted at the reviews of the interventions the "
        "person worked on during the pathway.",
    )
    interview_count = fields.Integer(compute="_compute_counts")
    barrier_open_count = fields.Integer(
        string="Open Barriers", compute="_compute_counts"
    )
    training_hours = fields.Float(compute="_compute_counts")

    # One pathway at a time per person: a new hire waits for the exit of the last.
    # Deferred: _check_one_open names it first, in French; the constraint settles
    # the race between two CIPs at commit (int4range: no btree_gist needed).
    _one_open_per_employee = models.Constraint(
        "EXCLUDE USING gist (int4range(employee_id, employee_id, '[]') WITH =) "
        "WHERE (state != 'exited') DEFERRABLE INITIALLY DEFERRED",
        "This person already has a pathway in progress: record its exit first.",
    )
    _exit_after_hiring = models.Constraint(
        "CHECK (exit_date IS NULL OR exit_date >= hiring_date)",
        "The exit date cannot come before the hiring date.",
    )

    @api.constrains("hiring_date", "exit_date")
    def _check_exit_after_hiring(self):
        check_order(
            self,
            "hiring_date",
            "exit_date",
            _("The exit date cannot come before the hiring date."),
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT, which would meet the CHECK constraint first.
        for vals in vals_list:
            self.new(vals)._check_exit_after_hiring()
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(SEQUENCE_CODE)
        # The interviews saved with a new pathway come once it exists: their next
        # step, an activity, subscribes the CIP to the pathway, which mail.thread
        # would subscribe a second time as its creator ("a partner cannot follow
        # twice the same object").
        interviews = [vals.pop("interview_ids", None) for vals in vals_list]
        pathways = super().create(vals_list)
        for pathway, commands in zip(pathways, interviews, strict=True):
            if commands:
                pathway.write({"interview_ids": commands})
        return pathways

    def write(self, vals):
        if "employee_id" not in vals:
            return super().write(vals)
        # A pathway given to another person moves its trainings' hours with it.
        trainings = self.sudo().training_ids
        periods = trainings._sp_ledger_periods()
        result = super().write(vals)
        trainings._sp_update_ledger(periods + trainings._sp_ledger_periods())
        return result

    def unlink(self):
        # The trainings go with their pathway (ON DELETE CASCADE), and their hours
        # with them from the ledger.
        periods = self.sudo().training_ids._sp_ledger_periods()
        result = super().unlink()
        self.env["sp.pathway.training"]._sp_update_ledger(periods)
        return result

    @api.depends("employee_id", "hiring_date")
    def _compute_display_name(self):
        for pathway in self:
            if pathway.employee_id and pathway.hiring_date:
                pathway.display_name = _(
                    "%(employee)s — %(date)s",
                    employee=pathway.employee_id.name,
                    date=format_date(self.env, pathway.hiring_date),
                )
            else:
                pathway.display_name = pathway.name

    # ------------------------------------------------------------------
    # PASS IAE
    # ------------------------------------------------------------------
    def _pass_warning_limit(self):
        days = self.env["res.config.settings"]._sp_setting("sp_pass_warning_days")
        return self.env["sp.iae.pass"]._today() + timedelta(days=days)

    @api.depends("pass_end_date", "state")
    @api.depends_context("sp_today")
    def _compute_pass_expiry_soon(self):
        limit = self._pass_warning_limit()
        today = self.env["sp.iae.pass"]._today()
        for pathway in self:
            pathway.pass_expiry_soon = bool(
                pathway.state != "exited"
                and pathway.pass_end_date
                and today <= pathway.pass_end_date <= limit
            )

    def _search_pass_expiry_soon(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = self.env["sp.iae.pass"]._today()
        domain = Domain(
            [
                ("state", "!=", "exited"),
                ("pass_end_date", ">=", today),
                ("pass_end_date", "<=", self._pass_warning_limit()),
            ]
        )
        return domain if True in value else ~domain

    @api.model
    def _cron_warn_pass_expiry(self):
        """Give each CIP an activity on the pathways whose PASS IAE ends within the
        warning period (Settings), once for each end date: a prolongation that
        moves the end date warns again before the new one."""
        pathways = self.search(
            [("pass_expiry_soon", "=", True), ("cip_user_id", "!=", False)]
        ).filtered(lambda p: p.pass_warned_end_date != p.pass_end_date)
        # No e-mail per reminder: they show in each CIP's activities.
        pathways = pathways.with_context(mail_activity_quick_update=True)
        activities = self.env["mail.activity"]
        for pathway in pathways:
            activities |= pathway.activity_schedule(
                PASS_WARNING_ACTIVITY,
                date_deadline=pathway.pass_end_date,
                user_id=pathway.cip_user_id.id,
                note=_(
                    "The PASS IAE %(number)s ends on %(date)s: prepare a "
                    "prolongation request or the exit.",
                    number=pathway.pass_id.number,
                    date=format_date(self.env, pathway.pass_end_date),
                ),
            )
            pathway.pass_warned_end_date = pathway.pass_end_date
        return activities

    # ------------------------------------------------------------------
    # Exit
    # ------------------------------------------------------------------
    @api.depends("hiring_date", "exit_date", "employee_id")
    @api.depends_context("sp_today")
    def _compute_months_in_structure(self):
        today = self.env["sp.iae.pass"]._today()
        by_employee = self._pathways_by_employee()
        for pathway in self:
            pathway.months_in_structure = pathway._months_worked(
                by_employee[pathway.employee_id.id], pathway.exit_date or today
            )

    @api.depends(
        "state",
        "exit_date",
        "exit_category",
        "hiring_date",
        "employee_id.sp_pathway_ids.hiring_date",
        "employee_id.sp_pathway_ids.exit_date",
    )
    def _compute_counts_as_exit(self):
        by_employee = self._pathways_by_employee()
        for pathway in self:
            pathway.counts_as_exit = bool(
                pathway.state == "exited"
                and pathway.exit_date
                and pathway.exit_category
                and pathway.exit_category != "retrait"
                and pathway._months_worked(
                    by_employee[pathway.employee_id.id], pathway.exit_date
                )
                > COUNTED_MONTHS
            )

    def _pathways_by_employee(self):
        """All the pathways of these people, whoever their CIP is, by employee id."""
        pathways = (
            self.env["sp.pathway"]
            .sudo()
            .search([("employee_id", "in", self.employee_id.ids)])
        )
        by_employee = defaultdict(lambda: self.env["sp.pathway"].sudo())
        for pathway in pathways | self.sudo().filtered("id"):
            by_employee[pathway.employee_id.id] |= pathway
        return by_employee

    def _months_worked(self, pathways, until):
        """Months the person worked in the structure until ``until``: each of
        their ``pathways`` from hiring to exit, as the ASP counts them (pilotage,
        contrats_sorties.sql): (exit - hiring) in days, both ends not counted
        twice, times 0.0328767 months a day."""
        self.ensure_one()
        if not self.hiring_date:
            return 0.0
        days = 0
        # Self as edited (a form's unsaved values), the others as saved.
        for pathway in [*(pathways - self._origin.sudo()), self.sudo()]:
            if not pathway.hiring_date or pathway.hiring_date > until:
                continue
            end = min(pathway.exit_date or until, until)
            days += (end - pathway.hiring_date).days
        return days * MONTHS_PER_DAY

    @api.constrains("employee_id", "state")
    def _check_one_open(self):
        # Whoever the CIP of the other pathway is.
        open_pathways = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("state", "!=", "exited"),
            ]
        )
        for pathway in self.filtered(lambda p: p.state != "exited"):
            if open_pathways.filtered(
                lambda p, pw=pathway: p.employee_id == pw.employee_id and p.id != pw.id
            ):
                raise ValidationError(
                    _(
                        "This person already has a pathway in progress: record its "
                        "exit first."
                    )
                )

    @api.constrains("employee_id", "pass_id")
    def _check_person(self):
        # As the system: the CIP may not read the role of the person.
        for pathway in self.sudo():
            if pathway.employee_id.sp_role != "insertion":
                raise ValidationError(
                    _(
                        "%(employee)s is not an insertion employee: a pathway is "
                        "opened for a person hired on an insertion contract.",
                        employee=pathway.employee_id.name,
                    )
                )
            if pathway.pass_id and pathway.pass_id.employee_id != pathway.employee_id:
                raise ValidationError(
                    _(
                        "The PASS IAE %(number)s is %(holder)s's, not %(employee)s's.",
                        number=pathway.pass_id.number,
                        holder=pathway.pass_id.employee_id.name,
                        employee=pathway.employee_id.name,
                    )
                )

    @api.constrains("state", "exit_date", "exit_reason_id")
    def _check_exit(self):
        for pathway in self:
            if pathway.state == "exited" and not (
                pathway.exit_date and pathway.exit_reason_id
            ):
                raise ValidationError(
                    _(
                        "%(pathway)s: an exit needs its date and its reason.",
                        pathway=pathway.display_name,
                    )
                )

    def action_suspend(self):
        self._check_state("ongoing")
        self.state = "suspended"
        return True

    def action_resume(self):
        self._check_state("suspended")
        self.state = "ongoing"
        return True

    def action_exit(self):
        self._check_state("ongoing", "suspended")
        missing = self.filtered(lambda p: not (p.exit_date and p.exit_reason_id))
        if missing:
            raise UserError(
                _("Fill in the exit date and the exit reason in the Exit tab first.")
            )
        self.state = "exited"
        return True

    def action_open_exit_wizard(self):
        self.ensure_one()
        self._check_state("ongoing", "suspended")
        return {
            "type": "ir.actions.act_window",
            "name": _("Record the Exit"),
            "res_model": "sp.pathway.exit",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_pathway_id": self.id,
                "default_exit_date": self.exit_date or fields.Date.context_today(self),
                "default_exit_reason_id": self.exit_reason_id.id,
            },
        }

    @api.model
    def _exit_on_departure(self, employees, exit_date, exit_reason):
        """The departure of ``employees`` on ``exit_date`` ends their open pathway
        that day: exited with ``exit_reason`` when given, else dated, with a to-do
        for its CIP to record the outcome the funders count."""
        pathways = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "!=", "exited"),
                ("hiring_date", "<=", exit_date),
            ]
        )
        for pathway in pathways:
            if exit_reason:
                pathway.write(
                    {
                        "exit_date": exit_date,
                        "exit_reason_id": exit_reason.id,
                        "state": "exited",
                    }
                )
                continue
            pathway.exit_date = exit_date
            if pathway.cip_user_id:
                pathway.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=exit_date,
                    summary=_("Record the outcome of the exit"),
                    user_id=pathway.cip_user_id.id,
                )
        return True

    def action_reopen(self):
        self._check_state("exited")
        self.write({"state": "ongoing", "exit_date": False, "exit_reason_id": False})
        return True

    def _check_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for pathway in self:
            if pathway.state not in states:
                raise UserError(
                    _(
                        "%(pathway)s is %(state)s: this step does not apply.",
                        pathway=pathway.display_name,
                        state=labels[pathway.state].lower(),
                    )
                )

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    @api.depends("interview_ids", "barrier_ids.state", "training_ids.hours")
    def _compute_counts(self):
        for pathway in self:
            pathway.interview_count = len(pathway.interview_ids)
            pathway.barrier_open_count = len(
                pathway.barrier_ids.filtered(lambda b: b.state != "lifted")
            )
            pathway.training_hours = sum(pathway.training_ids.mapped("hours"))

    @api.depends("employee_id", "hiring_date", "exit_date")
    def _compute_observation_ids(self):
        observations = self.env["sp.intervention.review.observation"].search(
            [("employee_id", "in", self.employee_id.ids)]
        )
        by_employee = defaultdict(lambda: observations.browse())
        for observation in observations:
            by_employee[observation.employee_id] |= observation
        for pathway in self:
            pathway.observation_ids = by_employee[pathway.employee_id].filtered(
                lambda o, p=pathway: o.date
                and p.hiring_date
                and p.hiring_date <= o.date <= (p.exit_date or o.date)
            )

    def action_open_pass(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sp.iae.pass",
            "res_id": self.pass_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_interviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "seconde_pousse.sp_pathway_interview_action"
        )
        action["domain"] = [("pathway_id", "=", self.id)]
        action["context"] = {"default_pathway_id": self.id}
        return action
