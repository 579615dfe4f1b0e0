import binascii
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, plaintext2html
from odoo.tools.image import base64_to_image

RATINGS = [
    ("0", "Not rated"),
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Fair"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]
# Each star rating and the integer it is averaged as in the satisfaction reports.
SCORES = {
    "quality_rating": "quality_score",
    "punctuality_rating": "punctuality_score",
    "attitude_rating": "attitude_score",
    "overall_rating": "overall_score",
}
REVIEW_STATES = [("draft", "To Complete"), ("done", "Completed")]
REMINDER_ACTIVITY = "seconde_pousse.mail_activity_type_review_overdue"
TO_SIGN_TEMPLATE = "seconde_pousse.mail_template_review_to_sign"
COMPLETED_TEMPLATE = "seconde_pousse.mail_template_intervention_review"
SEND_CRON = "seconde_pousse.ir_cron_send_completed_reviews"
# The subtype of the e-mails written for the farm: its contact gets them, the staff
# who follow the job see them in the chatter without an e-mail copy.
FARM_MAIL = "seconde_pousse.mt_farm_mail"
# What the farm fills in on the portal, and how much of it.
PORTAL_RATINGS = ("quality_rating", "punctuality_rating", "attitude_rating")
PORTAL_TEXTS = ("farmer_comment", "follow_up_wishes")
PORTAL_MAX_TEXT = 5000
# A drawn signature weighs a few kB to some tens of kB; a larger image is refused.
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNER_NAME = 128
MAX_SIGNATURE_PIXELS = 4096 * 4096


class SpInterventionReview(models.Model):
    """The review (bilan) held with the farmer after each intervention.

    It compares the work done with what was asked, records the farmer's
    satisfaction, comments and wishes for a next request, and is signed by the
    farmer. Completing it closes the job (the intervention becomes "reviewed")
    and brings a farm that is not yet a member into the association. What the
    supervisor saw of each worker goes to separate observations, for HR only.
    """

    _name = "sp.intervention.review"
    _description = "Intervention Review"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "intervention_id"
    # The farm writes to the staff from its portal page, where it reads only.
    _mail_post_access = "read"

    intervention_id = fields.Many2one(
        "sp.intervention",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True
    )
    farm_id = fields.Many2one(
        related="intervention_id.farm_id", store=True, index=True, string="Farm"
    )
    farm_contact_id = fields.Many2one(
        related="intervention_id.farm_contact_id", string="Farm Contact"
    )
    supervisor_id = fields.Many2one(
        related="intervention_id.supervisor_id",
        store=True,
        string="Supervisor",
        groups="base.group_user",
    )
    task_type_ids = fields.Many2many(
        "sp.task.type",
        "sp_intervention_review_task_type_rel",
        "review_id",
        "task_type_id",
        string="Tasks",
        compute="_compute_task_type_ids",
        store=True,
    )
    date = fields.Date(
        string="Review Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day of the review with the farmer.",
    )
    state = fields.Selection(
        REVIEW_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    work_asked = fields.Html(
        related="intervention_id.description", string="Work Requested"
    )
    work_done = fields.Html(
        help="What the team did, and what differs from the request.",
    )
    objectives_met = fields.Selection(
        [("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
        tracking=True,
    )
    quality_rating = fields.Selection(
        RATINGS, string="Quality of the Work", default="0"
    )
    punctuality_rating = fields.Selection(RATINGS, string="Punctuality", default="0")
    attitude_rating = fields.Selection(RATINGS, string="Team Attitude", default="0")
    overall_rating = fields.Selection(
        RATINGS, string="Overall Satisfaction", default="0", tracking=True
    )
    # Stored as integers for the satisfaction reports (averages); 0 is "not rated".
    quality_score = fields.Integer(
        compute="_compute_scores", store=True, aggregator="avg"
    )
    punctuality_score = fields.Integer(
        compute="_compute_scores",
        store=True,
        aggregator="avg",
    )
    attitude_score = fields.Integer(
        compute="_compute_scores", store=True, aggregator="avg"
    )
    overall_score = fields.Integer(
        compute="_compute_scores", store=True, aggregator="avg"
    )
    farmer_comment = fields.Text(string="Farmer's Comment")
    team_comment = fields.Text(
        string="Team's Comment", help="The supervisor's comment, on behalf of the team."
    )
    follow_up_wishes = fields.Text(
        string="Follow-up Wishes",
        help="What the farm would like next: it becomes the next request in one click.",
    )
    follow_up_intervention_id = fields.Many2one(
        "sp.intervention",
        string="Follow-up Request",
        readonly=True,
        copy=False,
    )
    signature = fields.Image(
        copy=False, attachment=True, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False, tracking=True)
    farm_sent = fields.Boolean(
        string="Sent to the Farm",
        copy=False,
        readonly=True,
        help="The farm got the completed review (PDF) by e-mail.",
    )
    signed_on = fields.Datetime(
        copy=False,
        compute="_compute_signed_on",
        store=True,
        readonly=False,
    )
    validation_reason = fields.Text(
        string="Reason for Validating without Signature",
        copy=False,
        help="Why the staff completes the review without the farmer's signature.",
    )
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    observation_ids = fields.One2many(
        "sp.intervention.review.observation",
        "review_id",
        string="Observations",
        groups="hr.group_hr_user",
    )
    crew_employee_ids = fields.Many2many(
        "hr.employee",
        string="Workers on the Job",
        compute="_compute_crew_employee_ids",
        groups="hr.group_hr_user",
    )

    _intervention_uniq = models.Constraint(
        "unique(intervention_id)",
        "An intervention has a single review.",
    )

    @api.depends("intervention_id.display_name")
    def _compute_display_name(self):
        for review in self:
            review.display_name = _(
                "Review %(intervention)s",
                intervention=review.intervention_id.display_name,
            )

    @api.depends("intervention_id.task_type_ids")
    def _compute_task_type_ids(self):
        for review in self:
            review.task_type_ids = review.intervention_id.task_type_ids

    @api.depends(*SCORES)
    def _compute_scores(self):
        for review in self:
            for rating, score in SCORES.items():
                review[score] = int(review[rating] or 0)

    @api.depends("signature")
    def _compute_signed_on(self):
        now = fields.Datetime.now()
        for review in self:
            review.signed_on = now if review.signature else False

    @api.depends("intervention_id.worker_line_ids.employee_id")
    def _compute_crew_employee_ids(self):
        for review in self:
            review.crew_employee_ids = (
                review.intervention_id.worker_line_ids.employee_id
            )

    def _mail_get_partner_fields(self, introspect_fields=False):
        # The farm's contact receives the review (default recipient of the e-mail).
        return ["farm_contact_id"]

    def _get_report_base_filename(self):
        self.ensure_one()
        return _(
            "Review %(reference)s",
            reference=self.intervention_id.name.replace("/", "-"),
        )

    def write(self, vals):
        signing = {"signature", "signed_by", "signed_on"} & vals.keys()
        if signing and any(review.state == "done" for review in self):
            raise UserError(
                _("A completed review keeps the signature it was completed with.")
            )
        return super().write(vals)

    @api.model
    def _open_for(self, interventions):
        """The reviews of ``interventions`` that have none yet, opened when they are
        done."""
        missing = interventions.filtered(
            lambda intervention: not intervention.review_ids
        )
        reviews = self.create(
            [{"intervention_id": intervention.id} for intervention in missing]
        )
        reviews._send_to_sign()
        return reviews

    def _send_to_sign(self):
        """The farm gets a link to fill in and sign its review online."""
        for review in self:
            review.message_post_with_source(
                TO_SIGN_TEMPLATE,
                subtype_xmlid=FARM_MAIL,
                email_layout_xmlid="mail.mail_notification_light",
            )

    # ------------------------------------------------------------------
    # Completion
    # ------------------------------------------------------------------
    def action_complete(self):
        """Close the job: signed by the farmer, or validated by the staff with a
        reason."""
        for review in self:
            name = review.intervention_id.name
            if review.state == "done":
                raise UserError(
                    _("The review of %(name)s is already completed.", name=name)
                )
            if review.signature and not (review.signed_by or "").strip():
                raise UserError(
                    _(
                        "Enter the name of the person who signed the review of "
                        "%(name)s.",
                        name=name,
                    )
                )
            if not review.signature and not (review.validation_reason or "").strip():
                raise UserError(
                    _(
                        "The review of %(name)s needs the farmer's signature, or the "
                        "reason why the staff "
                        "validates it without one.",
                        name=name,
                    )
                )
        self.intervention_id._action_reviewed()
        unsigned = self.filtered(lambda review: not review.signature)
        unsigned.validated_by_id = self.env.user
        self.state = "done"
        self.activity_unlink([REMINDER_ACTIVITY])
        self._bring_farms_in()
        # The farm gets its copy of the completed review (PDF) after the commit.
        self.env.ref(SEND_CRON)._trigger()
        return True

    def _bring_farms_in(self):
        """A farm's first review brings it into the association (see res.partner)."""
        self.farm_id.commercial_partner_id._sp_join_association(self)

    # ------------------------------------------------------------------
    # Farm portal
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for review in self:
            review.access_url = f"/my/reviews/{review.id}"

    def _portal_check_open(self):
        for review in self:
            if review.state == "done":
                raise UserError(
                    _(
                        "The review of %(name)s is already completed.",
                        name=review.intervention_id.name,
                    )
                )

    def _portal_save_feedback(self, values):
        """The farm's ratings and comments, from the portal: only those fields, each
        checked, before it signs."""
        self._portal_check_open()
        read = (*PORTAL_RATINGS, "overall_rating", *PORTAL_TEXTS)
        # A form posted, or JSON sent with a signature: only texts are read.
        if not isinstance(values, dict) or any(
            not isinstance(values.get(fname) or "", str) for fname in read
        ):
            raise ValidationError(_("Your opinion could not be read: reload the page."))
        allowed = dict(RATINGS)
        vals = {}
        for fname in (*PORTAL_RATINGS, "overall_rating"):
            rating = values.get(fname) or "0"
            if rating not in allowed:
                raise ValidationError(_("Choose a rating from 1 to 5 stars."))
            vals[fname] = rating
        if vals["overall_rating"] == "0":
            raise ValidationError(_("Give your overall satisfaction, from 1 to 5."))
        for fname in PORTAL_TEXTS:
            text = (values.get(fname) or "").strip()
            if len(text) > PORTAL_MAX_TEXT:
                raise ValidationError(
                    _(
                        "Keep each comment under %(max)s characters.",
                        max=PORTAL_MAX_TEXT,
                    )
                )
            vals[fname] = text or False
        return self.write(vals)

    def _portal_sign(self, name, signature, feedback=None):
        """The farmer signs online: the review is completed as in the back office,
        with the same rules and the same membership for a farm's first review.

        ``feedback`` is the opinion as it stands on the page when the farmer signs
        (the portal's ratings and comments): it is checked as the "save" button
        checks it and kept with the signature, or nothing is kept at all."""
        self.ensure_one()
        self._portal_check_open()
        name = (name or "").strip()
        if not name:
            raise ValidationError(_("Write your name under your signature."))
        if len(name) > MAX_SIGNER_NAME:
            raise ValidationError(_("The name of the signatory is too long."))
        if feedback is None and self.overall_rating == "0":
            raise ValidationError(
                _("Give your overall satisfaction before signing the review.")
            )
        if not signature or len(signature) > MAX_SIGNATURE_BYTES * 4 / 3:
            raise ValidationError(_("The signature is missing or too large."))
        try:
            width, height = base64_to_image(signature).size
        except (binascii.Error, UserError, ValueError) as error:
            raise ValidationError(
                _("The signature is not a readable image.")
            ) from error
        if width * height > MAX_SIGNATURE_PIXELS:
            raise ValidationError(_("The signature is missing or too large."))
        # Nothing is kept of an opinion or a signature the completion refuses
        # (membership...).
        with self.env.cr.savepoint():
            if feedback is not None:
                self._portal_save_feedback(feedback)
            self.write({"signature": signature, "signed_by": name})
            self.action_complete()
        self.message_post(
            body=_("Review signed online by %(name)s.", name=name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------
    # Follow-up, e-mail, reminders
    # ------------------------------------------------------------------
    def action_create_follow_up(self):
        """The farm's follow-up wishes become its next request."""
        self.ensure_one()
        if self.follow_up_intervention_id:
            raise UserError(
                _(
                    "The follow-up request %(name)s already exists for this review.",
                    name=self.follow_up_intervention_id.name,
                )
            )
        if not (self.follow_up_wishes or "").strip():
            raise UserError(
                _(
                    "Write down the farm's follow-up wishes before creating the next "
                    "request."
                )
            )
        intervention = self.intervention_id
        self.follow_up_intervention_id = self.env["sp.intervention"].create(
            {
                "farm_id": intervention.farm_id.id,
                "farm_contact_id": intervention.farm_contact_id.id,
                "company_id": intervention.company_id.id,
                "task_type_ids": [Command.set(intervention.task_type_ids.ids)],
                "team_id": intervention.team_id.id,
                "supervisor_id": intervention.supervisor_id.id,
                "description": plaintext2html(self.follow_up_wishes),
            }
        )
        return self.follow_up_intervention_id.get_formview_action()

    def action_send(self):
        """Open the e-mail composer with the review and its PDF, as sale does for
        quotations."""
        self.ensure_one()
        template = self.env.ref(
            "seconde_pousse.mail_template_intervention_review", raise_if_not_found=False
        )
        return {
            "name": _("Send the Review"),
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": (
                    "mail.mail_notification_layout_with_responsible_signature"
                ),
                "force_email": True,
            },
        }

    @api.model
    def _cron_send_completed(self, batch=50):
        """Send each farm the PDF of its completed reviews, once, one review at a
        time in its own savepoint (a review being written elsewhere waits for the
        next run)."""
        reviews = self.search(
            [("state", "=", "done"), ("farm_sent", "=", False)],
            order="id",
            limit=batch,
        )
        for review in reviews:
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute(
                        SQL(
                            """SELECT id FROM sp_intervention_review
                                WHERE id = %s AND farm_sent IS NOT TRUE
                                  FOR NO KEY UPDATE SKIP LOCKED""",
                            review.id,
                        ),
                        log_exceptions=False,
                    )
                    if not self.env.cr.fetchone():
                        continue
                    review.message_post_with_source(
                        COMPLETED_TEMPLATE,
                        subtype_xmlid=FARM_MAIL,
                        email_layout_xmlid="mail.mail_notification_light",
                    )
                    review.farm_sent = True
                    review.flush_recordset(["farm_sent"])
            except (LockNotAvailable, SerializationFailure):
                review.invalidate_recordset()
        if len(reviews) == batch:
            self.env.ref(SEND_CRON)._trigger()
        return True

    @api.model
    def _cron_remind_overdue(self):
        """Give supervisors an activity for the reviews still to hold N days after
        the job (Settings).

        One activity per review: a review already reminded is not reminded again.
        """
        delay = self.env["res.config.settings"]._sp_setting("sp_review_delay_days")
        limit = fields.Datetime.now() - timedelta(days=delay)
        reviews = self.search(
            [
                ("state", "=", "draft"),
                ("intervention_id.state", "=", "done"),
                "|",
                ("intervention_id.actual_end", "<", limit),
                "&",
                ("intervention_id.actual_end", "=", False),
                ("intervention_id.planned_end", "<", limit),
            ]
        )
        activity_type = self.env.ref(REMINDER_ACTIVITY)
        reminded = {
            res_id
            for [res_id] in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", reviews.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        to_remind = reviews.filtered(lambda review: review.id not in reminded)
        # No e-mail per reminder: they show in each supervisor's activities.
        to_remind = to_remind.with_context(mail_activity_quick_update=True)
        activities = self.env["mail.activity"]
        for user, user_reviews in to_remind.grouped(
            lambda review: review.supervisor_id.user_id
            or review.intervention_id.create_uid
        ).items():
            activities |= user_reviews.activity_schedule(
                REMINDER_ACTIVITY, user_id=user.id
            )
        return activities
