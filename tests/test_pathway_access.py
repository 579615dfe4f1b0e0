"""Who reads a pathway: its CIP and the Insertion Manager, nobody else, through
the ORM, exports, tracking messages or the employees' public profile."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .pathway_common import PathwayCase

PATHWAY_MODELS = (
    "sp.pathway",
    "sp.iae.pass",
    "sp.iae.pass.suspension",
    "sp.iae.pass.prolongation",
    "sp.pathway.interview",
    "sp.pathway.barrier",
    "sp.pathway.training",
    "sp.pathway.immersion",
    "sp.exit.reason",
)
SENSITIVE = ["rqth", "rsa", "detention_exit_or_ppsmj", "orienteur", "objectives"]


class TestPathwayAccess(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iae_pass = cls.env["sp.iae.pass"].create(
            {
                "number": "999992600001",
                "employee_id": cls.workers[0].id,
                "start_date": cls.today - timedelta(days=100),
            }
        )
        cls.pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": cls.workers[0].id,
                "hiring_date": cls.today - timedelta(days=100),
                "cip_user_id": cls.cip.id,
                "pass_id": cls.iae_pass.id,
                "rqth": True,
                "rsa": "OUI-NM",
                "detention_exit_or_ppsmj": True,
                "orienteur": "09",
                "barrier_ids": [
                    Command.create({"barrier_type": "justice", "notes": "Suivi SPIP"})
                ],
                "interview_ids": [
                    Command.create({"notes": "<p>Parle de son suivi SPIP.</p>"})
                ],
                "training_ids": [
                    Command.create(
                        {
                            "name": "Certiphyto",
                            "date_start": cls.today,
                            "date_end": cls.today,
                            "hours": 14,
                        }
                    )
                ],
            }
        )
        cls.other_pathway = cls.env["sp.pathway"].create(
            {
                "employee_id": cls.workers[1].id,
                "hiring_date": cls.today - timedelta(days=50),
                "cip_user_id": cls.other_cip.id,
                "rqth": True,
                "barrier_ids": [Command.create({"barrier_type": "health"})],
                "interview_ids": [Command.create({"notes": "<p>Arrêt maladie.</p>"})],
            }
        )
        # Exports are allowed to everyone here: the record rules alone refuse them.
        export = cls.env.ref("base.group_allow_export")
        (cls.user | cls.outsider | cls.hr_officer | cls.cip).write(
            {"group_ids": [Command.link(export.id)]}
        )
        cls.outsiders = {
            "supervisor": cls.user,
            "plain employee": cls.outsider,
            "HR officer, not CIP": cls.hr_officer,
            "portal user": cls.portal,
        }

    def test_nobody_else_reads_a_pathway(self):
        for who, user in self.outsiders.items():
            for model in PATHWAY_MODELS:
                Model = self.env[model].with_user(user)
                with self.subTest(who=who, model=model):
                    with self.assertRaises(AccessError):
                        Model.search([])
                    with self.assertRaises(AccessError):
                        Model.search_read([], ["display_name"])
            with self.subTest(who=who):
                with self.assertRaises(AccessError):
                    self.pathway.with_user(user).read(["employee_id", "rqth"])
                # Portal users may not export at all.
                refused = UserError if user == self.portal else AccessError
                with self.assertRaises(refused):
                    self.pathway.with_user(user).export_data(["employee_id", "rqth"])
                with self.assertRaises(AccessError):
                    self.pathway.interview_ids.with_user(user).read(["notes"])

    def test_hr_officer_reads_no_pathway_through_the_employee(self):
        employee = self.workers[0].with_user(self.hr_officer)
        self.assertTrue(employee.read(["name"]), "an HR officer reads the employee")
        for fields_ in (["sp_pathway_ids"], ["sp_pathway_count"]):
            with self.assertRaises(AccessError):
                employee.read(fields_)
        with self.assertRaises(AccessError):
            employee.export_data(["name", "sp_pathway_ids/rqth"])
        with self.assertRaises(AccessError):
            employee.search([("sp_pathway_ids.rqth", "=", True)])

    def test_cip_reads_their_own_pathways_only(self):
        Pathway = self.env["sp.pathway"].with_user(self.cip)
        self.assertEqual(Pathway.search([]), self.pathway)
        [values] = self.pathway.with_user(self.cip).read(SENSITIVE)
        self.assertTrue(values["rqth"])
        self.assertEqual(values["orienteur"], "09")
        exported = self.pathway.with_user(self.cip).export_data(
            ["employee_id", "rqth", "interview_ids/notes"]
        )
        self.assertEqual(exported["datas"][0][:2], [self.workers[0].name, True])
        with self.assertRaises(AccessError):
            self.other_pathway.with_user(self.cip).read(["rqth"])
        with self.assertRaises(AccessError):
            self.other_pathway.with_user(self.cip).export_data(["rqth"])
        for model, mine in (
            ("sp.pathway.interview", self.pathway.interview_ids),
            ("sp.pathway.barrier", self.pathway.barrier_ids),
            ("sp.pathway.training", self.pathway.training_ids),
            ("sp.iae.pass", self.iae_pass),
        ):
            with self.subTest(model=model):
                self.assertEqual(self.env[model].with_user(self.cip).search([]), mine)
        with self.assertRaises(AccessError):
            self.other_pathway.interview_ids.with_user(self.cip).read(["notes"])
        self.assertEqual(self.workers[0].with_user(self.cip).sp_pathway_count, 1)
        self.assertEqual(self.workers[1].with_user(self.cip).sp_pathway_count, 0)
        # The CIP follows the pathway: edits it, cannot delete it.
        self.pathway.with_user(self.cip).write({"housing_issue": True})
        with self.assertRaises(AccessError):
            self.pathway.with_user(self.cip).unlink()

    def test_insertion_manager_reads_every_pathway(self):
        manager = self.insertion_manager
        self.assertEqual(
            self.env["sp.pathway"]
            .with_user(manager)
            .search([])
            .filtered(lambda p: p.employee_id in self.workers),
            self.pathway | self.other_pathway,
        )
        self.assertEqual(
            len(self.other_pathway.interview_ids.with_user(manager).read(["notes"])), 1
        )
        self.env["sp.exit.reason"].with_user(manager).create(
            {"name": "Contrat de professionnalisation", "category": "emploi_durable"}
        )
        with self.assertRaises(AccessError):
            self.env["sp.exit.reason"].with_user(self.cip).create(
                {"name": "Autre", "category": "autre_sortie"}
            )

    def test_insertion_manager_reads_no_other_company(self):
        """Every model of a pathway, its follow-up and its PASS included, keeps to
        the companies of the user: the interviews of another structure's people
        are not read through their own list or calendar."""
        other_company = self.env["res.company"].create({"name": "AMS Services"})
        person = self.env["hr.employee"].create(
            {
                "name": "Karim Haddad",
                "sp_role": "insertion",
                "company_id": other_company.id,
            }
        )
        start = self.today - timedelta(days=100)
        iae_pass = self.env["sp.iae.pass"].create(
            {
                "number": "999992600077",
                "employee_id": person.id,
                "company_id": other_company.id,
                "start_date": start,
            }
        )
        pathway = self.env["sp.pathway"].create(
            {
                "employee_id": person.id,
                "company_id": other_company.id,
                "hiring_date": start,
                "pass_id": iae_pass.id,
                "interview_ids": [Command.create({"notes": "<p>Dettes.</p>"})],
                "barrier_ids": [Command.create({"barrier_type": "debt"})],
                "immersion_ids": [
                    Command.create(
                        {
                            "host_partner_id": self.env.company.partner_id.id,
                            "date_start": self.today,
                            "date_end": self.today,
                        }
                    )
                ],
            }
        )
        self.env["sp.iae.pass.suspension"].create(
            {
                "pass_id": iae_pass.id,
                "start_date": start + timedelta(days=10),
                "end_date": start + timedelta(days=40),
                "reason": "CONTRACT_SUSPENDED",
            }
        )
        self.assertNotIn(other_company, self.insertion_manager.company_ids)
        for model, records in (
            ("sp.pathway", pathway),
            ("sp.pathway.interview", pathway.interview_ids),
            ("sp.pathway.barrier", pathway.barrier_ids),
            ("sp.pathway.immersion", pathway.immersion_ids),
            ("sp.iae.pass", iae_pass),
            ("sp.iae.pass.suspension", iae_pass.suspension_ids),
        ):
            with self.subTest(model=model):
                self.assertTrue(records)
                Model = self.env[model].with_user(self.insertion_manager)
                self.assertFalse(Model.search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_user(self.insertion_manager).read(["display_name"])

    def test_no_sensitive_value_in_tracking(self):
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        pathway = (
            env["sp.pathway"]
            .with_user(self.cip)
            .create(
                {
                    "employee_id": self.workers[2].id,
                    "hiring_date": self.today - timedelta(days=200),
                    "cip_user_id": self.cip.id,
                }
            )
        )
        # A record is tracked from the transaction after its creation.
        self.env.cr.precommit.run()
        pathway.write(
            {
                "rqth": True,
                "aah": True,
                "rsa": "OUI-M",
                "detention_exit_or_ppsmj": True,
                "orienteur": "09",
                "objectives": "<p>Soins en cours</p>",
            }
        )
        pathway.action_suspend()
        pathway.write(
            {"exit_date": self.today, "exit_reason_id": self.reason_withdrawal.id}
        )
        pathway.action_exit()
        # Tracking values are written when the transaction commits.
        self.env.flush_all()
        self.env.cr.precommit.run()
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search([("mail_message_id", "in", pathway.sudo().message_ids.ids)])
        )
        self.assertEqual(
            set(trackings.field_id.mapped("name")),
            {"state", "exit_date", "exit_category"},
        )
        texts = " ".join(
            str(value)
            for tracking in trackings
            for value in tracking.read(
                ["old_value_char", "new_value_char", "old_value_text", "new_value_text"]
            )[0].values()
        )
        for secret in ("Décision", "justice", "SPIP", "RQTH", "Soins"):
            self.assertNotIn(secret, texts)
        bodies = " ".join(
            str(body) for body in pathway.sudo().message_ids.mapped("body")
        )
        self.assertNotIn("Soins", bodies)

    def test_nothing_on_the_public_profile(self):
        Public = self.env["hr.employee.public"]
        pathway_fields = {
            name
            for name, field in Public._fields.items()
            if name.startswith("sp_pathway")
            or (getattr(field, "comodel_name", None) or "").startswith(
                ("sp.pathway", "sp.iae")
            )
        }
        self.assertFalse(pathway_fields)
        public = Public.with_user(self.user).browse(self.workers[0].id)
        self.assertNotIn("sp_pathway_count", public.fields_get())
        self.assertEqual(public.name, self.workers[0].name)
