"""The farm portal: a farm's contacts follow their interventions, ask for new ones,
fill in and sign their reviews, and see the equipment lent to or borrowed from them.

Thin controllers, the Odoo way: each route checks access as the visitor
(``_document_check_access``, record rules), goes sudo only after that check,
and leaves every business rule to the models.
"""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from werkzeug.datastructures import MultiDict

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import html2plaintext

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

REVIEW_REPORT = "seconde_pousse.action_report_intervention_review"
DONE_STATES = ("done", "reviewed", "invoiced")


# Ids in URLs and numbers in forms: PostgreSQL integers, or nothing (a 404, an error).
MAX_INT = 2**31 - 1
ID = f"int(max={MAX_INT})"


def _to_int(value):
    """A number typed in a form, or None when it is not one PostgreSQL can hold."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if abs(number) <= MAX_INT else None


class SecondePoussePortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------
    def _sp_refused(self):
        """Another farm's record, a wrong token or a record that is gone: a 404,
        which tells nothing of whether it exists. A visitor who is not logged in
        and came without a token logs in first, then comes back to the page."""
        if request.env.user._is_public() and not request.params.get("access_token"):
            return request.redirect_query(
                "/web/login", {"redirect": request.httprequest.full_path}
            )
        return request.not_found()

    def _sp_farm(self):
        """The visitor's farm (their commercial partner), as the system."""
        return request.env.user.partner_id.commercial_partner_id.sudo()

    def _sp_intervention_domain(self):
        return Domain("farm_id.commercial_partner_id", "=", self._sp_farm().id)

    def _sp_review_domain(self):
        return Domain("farm_id.commercial_partner_id", "=", self._sp_farm().id)

    def _sp_reviews_to_sign_domain(self):
        return self._sp_review_domain() & Domain(
            [("state", "=", "draft"), ("intervention_id.state", "=", "done")]
        )

    def _sp_loan_domain(self):
        return Domain("partner_id.commercial_partner_id", "=", self._sp_farm().id)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        counted = {
            "sp_intervention_count": (
                "sp.intervention",
                self._sp_intervention_domain,
            ),
            "sp_review_count": ("sp.intervention.review", self._sp_review_domain),
            "sp_review_to_sign_count": (
                "sp.intervention.review",
                self._sp_reviews_to_sign_domain,
            ),
            "sp_loan_count": ("sp.equipment.loan", self._sp_loan_domain),
        }
        for counter, (model, domain) in counted.items():
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count(domain()) if Model.has_access("read") else 0
                )
        return values

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        farm = self._sp_farm()
        if farm.sp_is_farm:
            response.qcontext["sp_farm"] = farm
        return response

    # ------------------------------------------------------------------
    # Interventions
    # ------------------------------------------------------------------
    def _sp_intervention_sortings(self):
        return {
            "date": {
                "label": _("Planned Date"),
                "order": "planned_start desc, id desc",
            },
            "name": {"label": _("Reference"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, planned_start desc"},
        }

    # Domains are written as Domain(...) calls: a bare tuple after a _() call reads
    # as one more term to translate to Odoo's string extractor.
    def _sp_intervention_filters(self):
        return {
            "all": {"domain": Domain.TRUE, "label": _("All")},
            "request": {
                "domain": Domain("state", "=", "draft"),
                "label": _("Requests"),
            },
            "planned": {
                "domain": Domain(
                    "state", "in", ("planned", "confirmed", "in_progress")
                ),
                "label": _("Planned"),
            },
            "done": {"domain": Domain("state", "in", DONE_STATES), "label": _("Done")},
            "cancelled": {
                "domain": Domain("state", "=", "cancelled"),
                "label": _("Cancelled"),
            },
        }

    def _sp_periods(self):
        """Periods on the planned start; the upcoming ones include the requests not
        planned yet."""
        today = fields.Date.context_today(request.env.user)
        now = fields.Datetime.now()

        def between(first_day, until):
            start = datetime.combine(first_day, time.min)
            if not isinstance(until, datetime):
                until = datetime.combine(until, time.min)
            return Domain("planned_start", ">=", start) & Domain(
                "planned_start", "<", until
            )

        year = today.replace(month=1, day=1)
        return {
            "all": {"domain": Domain.TRUE, "label": _("Any Time")},
            "upcoming": {
                "domain": Domain("planned_start", ">=", now)
                | Domain("planned_start", "=", False),
                "label": _("Upcoming"),
            },
            "last_3_months": {
                "domain": between(today - relativedelta(months=3), now),
                "label": _("Last 3 Months"),
            },
            "this_year": {
                "domain": between(year, year + relativedelta(years=1)),
                "label": _("This Year"),
            },
            "last_year": {
                "domain": between(year - relativedelta(years=1), year),
                "label": _("Last Year"),
            },
        }

    @http.route(
        ["/my/interventions", "/my/interventions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_interventions(
        self, page=1, sortby=None, filterby=None, period=None, **kw
    ):
        values = self._prepare_portal_layout_values()
        Intervention = request.env["sp.intervention"]
        sortings = self._sp_intervention_sortings()
        filters = self._sp_intervention_filters()
        periods = self._sp_periods()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        period = period if period in periods else "all"
        domain = (
            self._sp_intervention_domain()
            & filters[filterby]["domain"]
            & periods[period]["domain"]
        )
        pager = portal_pager(
            url="/my/interventions",
            url_args={"sortby": sortby, "filterby": filterby, "period": period},
            total=Intervention.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        interventions = Intervention.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_sp_interventions_history"] = interventions.ids[:100]
        values.update(
            {
                "interventions": interventions.sudo(),
                "page_name": "sp_intervention",
                "default_url": "/my/interventions",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "sp_periods": periods,
                "period": period,
            }
        )
        return request.render("seconde_pousse.portal_my_interventions", values)

    @http.route(
        f"/my/interventions/<{ID}:intervention_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_intervention_page(self, intervention_id, access_token=None, **kw):
        try:
            intervention_sudo = self._document_check_access(
                "sp.intervention", intervention_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return self._sp_refused()
        values = {
            "intervention": intervention_sudo,
            "review": intervention_sudo.review_id,
            "loans": intervention_sudo.loan_ids.filtered(
                lambda loan: loan.state != "cancelled"
            ),
            "page_name": "sp_intervention",
            "message": kw.get("message"),
        }
        values = self._get_page_view_values(
            intervention_sudo,
            access_token,
            values,
            "my_sp_interventions_history",
            False,
            **kw,
        )
        return request.render("seconde_pousse.portal_intervention_page", values)

    # ------------------------------------------------------------------
    # Asking for an intervention
    # ------------------------------------------------------------------
    def _sp_request_form_values(self, form=None, errors=None, intervention=None):
        farm = self._sp_farm()
        Intervention = request.env["sp.intervention"].sudo()
        return {
            # A new request, or the farm's own request being changed.
            "intervention": intervention,
            "form_action": f"{intervention.access_url}/edit"
            if intervention
            else "/my/interventions/new",
            **self._prepare_portal_layout_values(),
            "page_name": "sp_intervention" if intervention else "sp_request",
            "farm": farm,
            "task_types": request.env["sp.task.type"].sudo().search([]),
            "farm_equipment": Intervention._portal_lendable_equipment(farm),
            "max_workers": request.env["res.config.settings"]._sp_setting(
                "sp_max_workers"
            ),
            "form": form or {},
            "errors": errors or {},
        }

    def _sp_parse_request(self, form):
        """Typed values of the request form, and what could not be read."""
        values, errors = {}, {}
        for fname in ("requested_date_from", "requested_date_to"):
            raw = (form.get(fname) or "").strip()
            try:
                values[fname] = fields.Date.to_date(raw) if raw else False
            except ValueError:
                errors[fname] = _("Give a date such as 15/06/2026.")
        task_ids = [_to_int(value) for value in form.getlist("task_type_ids")]
        tasks = request.env["sp.task.type"].sudo().search([("id", "in", task_ids)])
        if None in task_ids or len(tasks) != len(set(task_ids)):
            errors["task_type_ids"] = _("Choose the work among the kinds listed.")
        values["task_type_ids"] = tasks
        equipment_ids = [_to_int(value) for value in form.getlist("equipment_ids")]
        equipment = (
            request.env["maintenance.equipment"]
            .sudo()
            .browse(i for i in equipment_ids if i)
            .exists()
        )
        if None in equipment_ids or len(equipment) != len(set(equipment_ids)):
            errors["equipment_ids"] = _(
                "Choose among the equipment registered for your farm."
            )
        values["equipment_ids"] = equipment
        values["workers_needed"] = _to_int(form.get("workers_needed"))
        if form.get("regular"):
            values["requested_every_weeks"] = _to_int(form.get("every_weeks"))
            if not values["requested_every_weeks"]:
                errors["requested_every_weeks"] = _(
                    "Say every how many weeks the job comes back."
                )
        values["description"] = form.get("description") or ""
        values["farm_equipment_note"] = form.get("farm_equipment_note") or ""
        return values, errors

    @http.route(
        "/my/interventions/new",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_intervention_new(self, **kw):
        farm = self._sp_farm()
        if not farm.sp_is_farm:
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return request.render(
                "seconde_pousse.portal_intervention_request",
                self._sp_request_form_values(),
            )
        form = request.httprequest.form
        values, errors = self._sp_parse_request(form)
        Intervention = request.env["sp.intervention"].sudo()
        errors = {**Intervention._portal_request_errors(farm, values), **errors}
        if not errors:
            try:
                with request.env.cr.savepoint():
                    intervention = Intervention._portal_create_request(values)
            except (UserError, ValidationError) as error:
                errors["form"] = error.args[0]
        if errors:
            return request.render(
                "seconde_pousse.portal_intervention_request",
                self._sp_request_form_values(form=form, errors=errors),
            )
        return request.redirect(f"{intervention.access_url}?message=request_sent")

    def _sp_own_request(self, intervention_id):
        """The visitor's farm's intervention (sudo), or None: only a logged-in
        contact of the farm changes or cancels a request."""
        try:
            return self._document_check_access("sp.intervention", intervention_id)
        except (AccessError, MissingError):
            return None

    @staticmethod
    def _sp_request_form_of(intervention):
        """The request form as the farm last sent it, to change it."""
        every = intervention.requested_every_weeks
        return MultiDict(
            [
                ("requested_date_from", str(intervention.requested_date_from or "")),
                ("requested_date_to", str(intervention.requested_date_to or "")),
                *(("task_type_ids", str(i)) for i in intervention.task_type_ids.ids),
                ("description", html2plaintext(intervention.description or "")),
                ("workers_needed", str(intervention.workers_needed)),
                *(("equipment_ids", str(i)) for i in intervention.equipment_ids.ids),
                ("farm_equipment_note", intervention.farm_equipment_note or ""),
                *((("regular", "1"), ("every_weeks", str(every))) if every else ()),
            ]
        )

    @http.route(
        f"/my/interventions/<{ID}:intervention_id>/edit",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_intervention_edit(self, intervention_id, **kw):
        intervention_sudo = self._sp_own_request(intervention_id)
        if intervention_sudo is None:
            return self._sp_refused()
        if intervention_sudo.state != "draft":
            return request.redirect(f"{intervention_sudo.access_url}?message=planned")
        if request.httprequest.method != "POST":
            return request.render(
                "seconde_pousse.portal_intervention_request",
                self._sp_request_form_values(
                    form=self._sp_request_form_of(intervention_sudo),
                    intervention=intervention_sudo,
                ),
            )
        form = request.httprequest.form
        values, errors = self._sp_parse_request(form)
        errors = {
            **intervention_sudo._portal_request_errors(
                intervention_sudo.farm_id, values
            ),
            **errors,
        }
        if not errors:
            try:
                with request.env.cr.savepoint():
                    intervention_sudo._portal_update_request(values)
            except (UserError, ValidationError) as error:
                errors["form"] = error.args[0]
        if errors:
            return request.render(
                "seconde_pousse.portal_intervention_request",
                self._sp_request_form_values(
                    form=form, errors=errors, intervention=intervention_sudo
                ),
            )
        return request.redirect(f"{intervention_sudo.access_url}?message=changed")

    @http.route(
        f"/my/interventions/<{ID}:intervention_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_intervention_cancel(self, intervention_id, reason=None, **kw):
        intervention_sudo = self._sp_own_request(intervention_id)
        if intervention_sudo is None:
            return self._sp_refused()
        try:
            with request.env.cr.savepoint():
                intervention_sudo._portal_cancel_request(reason)
        except (UserError, ValidationError):
            return request.redirect(f"{intervention_sudo.access_url}?message=planned")
        return request.redirect(f"{intervention_sudo.access_url}?message=cancelled")

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------
    @http.route(
        ["/my/reviews", "/my/reviews/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_reviews(self, page=1, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Review = request.env["sp.intervention.review"]
        filters = {
            "all": {"domain": Domain.TRUE, "label": _("All")},
            "to_sign": {
                "domain": Domain("state", "=", "draft")
                & Domain("intervention_id.state", "=", "done"),
                "label": _("To Sign"),
            },
            "done": {"domain": Domain("state", "=", "done"), "label": _("Completed")},
        }
        filterby = filterby if filterby in filters else "all"
        domain = self._sp_review_domain() & filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/reviews",
            url_args={"filterby": filterby},
            total=Review.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        reviews = Review.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_sp_reviews_history"] = reviews.ids[:100]
        values.update(
            {
                "reviews": reviews.sudo(),
                "page_name": "sp_review",
                "default_url": "/my/reviews",
                "pager": pager,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("seconde_pousse.portal_my_reviews", values)

    def _sp_review_page(self, review_sudo, access_token, errors=None, form=None, **kw):
        values = {
            "review": review_sudo,
            "intervention": review_sudo.intervention_id,
            "ratings": review_sudo._fields["overall_rating"]._description_selection(
                request.env
            )[1:],
            "page_name": "sp_review",
            "errors": errors or {},
            "form": form,
            "message": kw.get("message"),
            "can_sign": review_sudo.state == "draft"
            and review_sudo.intervention_id.state == "done",
        }
        values = self._get_page_view_values(
            review_sudo, access_token, values, "my_sp_reviews_history", False, **kw
        )
        return request.render("seconde_pousse.portal_review_page", values)

    @http.route(
        f"/my/reviews/<{ID}:review_id>", type="http", auth="public", website=True
    )
    def portal_review_page(
        self, review_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            review_sudo = self._document_check_access(
                "sp.intervention.review", review_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return self._sp_refused()
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=review_sudo,
                report_type=report_type,
                report_ref=REVIEW_REPORT,
                download=download,
            )
        return self._sp_review_page(review_sudo, access_token, **kw)

    @http.route(
        f"/my/reviews/<{ID}:review_id>/feedback",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_review_feedback(self, review_id, access_token=None, **post):
        try:
            review_sudo = self._document_check_access(
                "sp.intervention.review", review_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return self._sp_refused()
        try:
            with request.env.cr.savepoint():
                review_sudo._portal_save_feedback(post)
        except (UserError, ValidationError) as error:
            return self._sp_review_page(
                review_sudo, access_token, errors={"form": error.args[0]}, form=post
            )
        return request.redirect(
            review_sudo.get_portal_url(query_string="&message=feedback_saved")
            if access_token
            else f"{review_sudo.access_url}?message=feedback_saved"
        )

    @http.route(
        f"/my/reviews/<{ID}:review_id>/sign",
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def portal_review_sign(
        self, review_id, access_token=None, name=None, signature=None, feedback=None
    ):
        # As a sale order is signed (portal.signature_form): the token may come in
        # the query string. The opinion on the page comes with the signature
        # (reviewSignatureForm), so what the farmer typed is signed as it reads.
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            review_sudo = self._document_check_access(
                "sp.intervention.review", review_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": _("This review is not yours, or no longer exists.")}
        # JSON may carry anything: only texts, and the opinion as a mapping.
        if not (
            isinstance(name, str | None)
            and isinstance(signature, str | None)
            and isinstance(feedback, dict | None)
        ):
            return {"error": _("Your signature could not be read: reload the page.")}
        try:
            review_sudo._portal_sign(name, signature, feedback=feedback)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        query = "&message=signed"
        return {
            "force_refresh": True,
            "redirect_url": review_sudo.get_portal_url(query_string=query)
            if access_token
            else f"{review_sudo.access_url}?{query[1:]}",
        }

    # ------------------------------------------------------------------
    # Equipment loans
    # ------------------------------------------------------------------
    @http.route(
        ["/my/loans", "/my/loans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_loans(self, page=1, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Loan = request.env["sp.equipment.loan"]
        filters = {
            "all": {"domain": Domain.TRUE, "label": _("All")},
            "lend": {
                "domain": Domain("direction", "=", "lend"),
                "label": _("Lent to You"),
            },
            "borrow": {
                "domain": Domain("direction", "=", "borrow"),
                "label": _("Borrowed from You"),
            },
            "current": {
                "domain": Domain("state", "in", ("reserved", "out")),
                "label": _("Reserved or Out"),
            },
        }
        filterby = filterby if filterby in filters else "all"
        domain = self._sp_loan_domain() & filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/loans",
            url_args={"filterby": filterby},
            total=Loan.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        loans = Loan.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "loans": loans.sudo(),
                "page_name": "sp_loan",
                "default_url": "/my/loans",
                "pager": pager,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("seconde_pousse.portal_my_loans", values)

    @http.route(f"/my/loans/<{ID}:loan_id>", type="http", auth="user", website=True)
    def portal_loan_page(self, loan_id, **kw):
        try:
            loan_sudo = self._document_check_access("sp.equipment.loan", loan_id)
        except (AccessError, MissingError):
            return self._sp_refused()
        return request.render(
            "seconde_pousse.portal_loan_page",
            {
                **self._prepare_portal_layout_values(),
                "loan": loan_sudo,
                "page_name": "sp_loan",
            },
        )
