from odoo import api, models
from odoo.fields import Domain

INSERTION_MANAGER = "seconde_pousse.group_sp_insertion_manager"


class SpReferentMixin(models.AbstractModel):
    """Fields of a person's file that only their referent CIP(s) read.

    A field's ``groups=`` says which group may read it at all; this mixin narrows
    it to the records of the people the user is a referent CIP of (a CIP of one
    of their pathways, ongoing or past), by record: in ``read`` (a form, a list,
    ``web_read``), in a field read in code, in ``export_data``, in ``/web/content``,
    and in searches, sorts and groupings on the field, which would otherwise tell
    a person's NIR or exception apart without reading it. The Insertion Manager
    reads all; ``_sp_referent_privileged_groups`` may open a field to more groups
    (the NIR to the HR managers who make the payroll).

    A model using it says which fields are confidential
    (``_sp_referent_fields``) and where the person is (``_sp_referent_employee``,
    a field name or ``"id"`` on ``hr.employee``).
    """

    _name = "sp.referent.mixin"
    _description = "Data Read by the Person's Referent CIP"

    _sp_referent_fields = ()
    _sp_referent_employee = "employee_id"
    # {field name: groups that read it for everyone, as ``groups=`` writes them}
    _sp_referent_privileged_groups = {}

    # ------------------------------------------------------------------
    # Who is privileged, who is a referent
    # ------------------------------------------------------------------
    @api.model
    def _sp_referent_privileged(self, fname):
        if self.env.su:
            return True
        groups = ",".join(
            filter(
                None,
                [INSERTION_MANAGER, self._sp_referent_privileged_groups.get(fname)],
            )
        )
        return self.env.user.has_groups(groups)

    @api.model
    def _sp_referent_employee_ids(self, employee_ids=None):
        """The ids of the people the current user is a referent CIP of (among
        ``employee_ids`` when given). Not cached: a pathway given to another CIP
        takes its person's file with it at once."""
        domain = Domain("cip_user_id", "=", self.env.uid)
        if employee_ids is not None:
            domain &= Domain("employee_id", "in", list(employee_ids))
        rows = self.env["sp.pathway"].sudo()._read_group(domain, ["employee_id"])
        return {employee.id for (employee,) in rows}

    def _sp_referent_filter(self):
        """The records of ``self`` whose person the user is a referent of; records
        being created (no id yet) are the user's own."""
        fname = self._sp_referent_employee
        employee_of = {
            record: record._origin.id if fname == "id" else record.sudo()[fname].id
            for record in self
        }
        allowed = self._sp_referent_employee_ids(set(employee_of.values()))
        return self.browse(
            [
                record.id
                for record in self
                if not record._origin.id or employee_of[record] in allowed
            ]
        )

    def _sp_referent_domain(self):
        return Domain(
            self._sp_referent_employee, "in", list(self._sp_referent_employee_ids())
        )

    def _sp_referent_hidden(self, fnames):
        """The confidential fields of ``fnames`` the user does not read for all."""
        return [
            fname
            for fname in fnames
            if fname in self._sp_referent_fields
            and not self._sp_referent_privileged(fname)
        ]

    # ------------------------------------------------------------------
    # The read path
    # ------------------------------------------------------------------
    def _has_field_access(self, field, operation):
        if not super()._has_field_access(field, operation):
            return False
        # The model itself (views, fields_get, prefetching): the group decides;
        # searches and groupings are narrowed in _search and _read_group.
        if not self or field.name not in self._sp_referent_fields:
            return True
        if self._sp_referent_privileged(field.name):
            return True
        return len(self._sp_referent_filter()) == len(self)

    def read(self, fields=None, load="_classic_read"):
        hidden = self._sp_referent_hidden(fields or [])
        if not hidden:
            return super().read(fields, load)
        # Whom the field's group refuses is refused, as Odoo does.
        for fname in hidden:
            self.browse()._check_field_access(self._fields[fname], "read")
        allowed = self._sp_referent_filter()
        if allowed == self:
            return super().read(fields, load)
        # The others' confidential fields read as empty: a list or a form showing
        # several people shows a CIP their own people's only.
        others = self - allowed
        rest = [fname for fname in fields if fname not in hidden]
        values = {
            vals["id"]: vals
            for vals in super(SpReferentMixin, allowed).read(fields, load)
        }
        for vals in super(SpReferentMixin, others).read(rest, load):
            vals.update(dict.fromkeys(hidden, False))
            values[vals["id"]] = vals
        return [values[record.id] for record in self if record.id in values]

    @api.model
    def _sp_referent_narrow(self, domain, fnames):
        """``domain``, kept to the user's people when it searches, sorts or groups
        on a confidential field the user does not read for all."""
        hidden = self._sp_referent_hidden(fnames)
        if not hidden:
            return domain
        # Refused to whom the field's group refuses: an inherited field (the NIR
        # through the employee) is searched as the system on the parent.
        for fname in hidden:
            self._check_field_access(self._fields[fname], "read")
        return Domain(domain) & self._sp_referent_domain()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not self.env.su and self._sp_referent_fields:
            fnames = [
                name
                for condition in Domain(domain).iter_conditions()
                for name in condition.field_expr.split(".")
            ]
            fnames += [
                term.split()[0].split(":")[0]
                for term in (order or "").split(",")
                if term.strip()
            ]
            domain = self._sp_referent_narrow(domain, fnames)
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        if not self.env.su and self._sp_referent_fields:
            fnames = [
                spec.split(":")[0].split(".")[0] for spec in [*groupby, *aggregates]
            ]
            fnames += [
                name
                for condition in Domain(having or []).iter_conditions()
                for name in condition.field_expr.split(":")[0].split(".")
            ]
            domain = self._sp_referent_narrow(domain, fnames)
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )
