"""A person's confidential file is read by their referent CIP(s) and the
Responsable insertion only, not by every CIP: the NIR, the contract's
exceptions, the detail of an absence, the PASS IAE (a replaced one too), its
suspensions and prolongations with their report file; by read, search domain,
grouping, export and download. The NIR also by the HR managers (payroll)."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase

from .common import SpTestMixin, XmlRpcMixin, farms_and_crew, new_sp_user
from .pathway_common import PathwayCase, pathway_users

NIR_1 = "1850375123456"
NIR_2 = "2900713055123"
REPORT = b"%PDF-1.4 bilan de parcours"


def confidential_files(env, users, workers, today):
    """P1 (workers[0]) followed by the CIP, P2 (workers[1]) by the other CIP;
    P2 has a PASS replaced by a newer one, with a suspension and a prolongation
    request, a justice exception on their contract and a health detail on an
    absence."""
    p1, p2 = workers[0], workers[1]
    p1.ssnid = NIR_1
    p2.ssnid = NIR_2
    p2.version_id.write(
        {
            "sp_duration_exception": "sentence",
            "sp_duration_exception_date": today - timedelta(days=30),
        }
    )
    pathway_1 = env["sp.pathway"].create(
        {
            "employee_id": p1.id,
            "hiring_date": today - timedelta(days=100),
            "cip_user_id": users["cip"].id,
        }
    )
    # The replaced PASS: two years and more ago, on no pathway today.
    replaced = env["sp.iae.pass"].create(
        {
            "number": "999991800002",
            "employee_id": p2.id,
            "start_date": today - timedelta(days=800),
        }
    )
    replaced.suspension_ids = [
        Command.create(
            {
                "start_date": today - timedelta(days=200),
                "end_date": today - timedelta(days=190),
                "reason": "CONTRACT_SUSPENDED",
                "reason_explanation": "Hospitalisation en psychiatrie",
            }
        )
    ]
    prescriber = env["res.partner"].create(
        {"name": "Cap emploi Aix", "is_company": True}
    )
    replaced.prolongation_ids = [
        Command.create(
            {
                "reason": "RQTH",
                "end_date": replaced.end_date + timedelta(days=300),
                "prescriber_org_id": prescriber.id,
                "report_file": base64.b64encode(REPORT),
                "report_filename": "bilan.pdf",
            }
        )
    ]
    current = env["sp.iae.pass"].create(
        {
            "number": "999992600002",
            "employee_id": p2.id,
            "start_date": today - timedelta(days=50),
        }
    )
    pathway_2 = env["sp.pathway"].create(
        {
            "employee_id": p2.id,
            "hiring_date": today - timedelta(days=50),
            "cip_user_id": users["other_cip"].id,
            "pass_id": current.id,
        }
    )
    return pathway_1, pathway_2, replaced


class TestReferentAccess(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_manager = new_sp_user(
            cls.env, "sp_drh", "Odile Paie", "hr.group_hr_manager"
        )
        users = {"cip": cls.cip, "other_cip": cls.other_cip}
        cls.p1, cls.p2 = cls.workers[0], cls.workers[1]
        cls.pathway_1, cls.pathway_2, cls.replaced = confidential_files(
            cls.env, users, cls.workers, cls.today
        )
        intervention = cls.env["sp.intervention"].create(
            cls._intervention_vals(workers=cls.workers[:2])
        )
        cls.line_1, cls.line_2 = intervention.worker_line_ids.sorted(
            lambda line: line.employee_id == cls.p2
        )
        cls.line_1.write({"attended": False, "absence_detail": "Rendez-vous CAF"})
        cls.line_2.write({"attended": False, "absence_detail": "RDV psychiatre"})
        export = cls.env.ref("base.group_allow_export")
        cls.cip.group_ids = [Command.link(export.id)]
        # The CIPs also see the planning, as in a small workshop.
        planner = cls.env.ref("seconde_pousse.group_sp_user")
        (cls.cip | cls.other_cip).group_ids = [Command.link(planner.id)]

    def test_cip_reads_the_nir_of_their_own_people_only(self):
        Employee = self.env["hr.employee"].with_user(self.cip)
        [own] = self.p1.with_user(self.cip).read(["ssnid"])
        self.assertEqual(own["ssnid"], NIR_1)
        [other] = self.p2.with_user(self.cip).read(["name", "ssnid"])
        self.assertEqual(other["name"], self.p2.name, "the rest of the file reads")
        self.assertFalse(other["ssnid"], "the NIR of the other CIP's person is hidden")
        # Both in one read, as a list shows them.
        values = {
            v["id"]: v["ssnid"]
            for v in (self.p1 | self.p2).with_user(self.cip).read(["ssnid"])
        }
        self.assertEqual(values, {self.p1.id: NIR_1, self.p2.id: False})
        with self.assertRaises(AccessError):
            self.p2.with_user(self.cip).ssnid  # noqa: B018
        with self.assertRaises(AccessError):
            self.p2.with_user(self.cip).export_data(["name", "ssnid"])
        # A search by NIR does not tell whose it is.
        self.assertFalse(Employee.search([("ssnid", "=", NIR_2)]))
        self.assertEqual(Employee.search([("ssnid", "=", NIR_1)]), self.p1)
        self.assertFalse(
            self.env["sp.pathway"]
            .with_user(self.cip)
            .search([("employee_id.ssnid", "=", NIR_2)])
        )
        # Nor does a grouping count it.
        groups = Employee.formatted_read_group(
            [("id", "in", (self.p1 | self.p2).ids)], ["ssnid"], ["__count"]
        )
        self.assertEqual({g["ssnid"]: g["__count"] for g in groups}, {NIR_1: 1})

    def test_the_other_cip_reads_their_own(self):
        [values] = self.p2.with_user(self.other_cip).read(["ssnid"])
        self.assertEqual(values["ssnid"], NIR_2)
        [values] = self.p1.with_user(self.other_cip).read(["ssnid"])
        self.assertFalse(values["ssnid"])

    def test_nir_for_hr_managers_and_the_insertion_manager_not_hr_officers(self):
        for user in (self.hr_manager, self.insertion_manager):
            with self.subTest(user=user.name):
                values = (self.p1 | self.p2).with_user(user).read(["ssnid"])
                self.assertEqual([v["ssnid"] for v in values], [NIR_1, NIR_2])
                self.assertEqual(
                    self.env["hr.employee"]
                    .with_user(user)
                    .search([("ssnid", "=", NIR_2)]),
                    self.p2,
                )
        with self.assertRaises(AccessError):
            self.p2.with_user(self.hr_officer).read(["ssnid"])
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(self.hr_officer).search(
                [("ssnid", "=", NIR_2)]
            )
        # Contract exceptions are the CIPs': not the HR managers'.
        with self.assertRaises(AccessError):
            self.p2.version_id.with_user(self.hr_manager).read(
                ["sp_duration_exception"]
            )

    def test_cip_reads_the_contract_exceptions_of_their_own_people_only(self):
        Version = self.env["hr.version"].with_user(self.cip)
        [values] = self.p2.version_id.with_user(self.cip).read(
            ["sp_duration_exception"]
        )
        self.assertFalse(values["sp_duration_exception"], "not “sentence”")
        [values] = self.p2.with_user(self.cip).read(["sp_duration_exception"])
        self.assertFalse(values["sp_duration_exception"])
        self.assertFalse(Version.search([("sp_duration_exception", "=", "sentence")]))
        self.assertFalse(
            self.env["hr.employee"]
            .with_user(self.cip)
            .search([("sp_duration_exception", "=", "sentence")])
        )
        groups = Version._read_group([], ["sp_duration_exception"], ["__count"])
        self.assertNotIn("sentence", [exception for exception, _count in groups])
        with self.assertRaises(AccessError):
            self.p2.version_id.with_user(self.cip).export_data(
                ["sp_duration_exception"]
            )
        # The other CIP and the Responsable insertion read it.
        for user in (self.other_cip, self.insertion_manager):
            [values] = self.p2.version_id.with_user(user).read(
                ["sp_duration_exception"]
            )
            self.assertEqual(values["sp_duration_exception"], "sentence")
            groups = (
                self.env["hr.version"]
                .with_user(user)
                ._read_group(
                    [("sp_duration_exception", "=", "sentence")], [], ["__count"]
                )
            )
            self.assertEqual(groups, [(1,)])

    def test_cip_reads_the_absence_detail_of_their_own_people_only(self):
        Line = self.env["sp.intervention.worker"].with_user(self.cip)
        values = {
            v["id"]: v["absence_detail"]
            for v in (self.line_1 | self.line_2)
            .with_user(self.cip)
            .read(["absence_detail"])
        }
        self.assertEqual(
            values, {self.line_1.id: "Rendez-vous CAF", self.line_2.id: False}
        )
        self.assertFalse(Line.search([("absence_detail", "ilike", "psychiatre")]))
        with self.assertRaises(AccessError):
            self.line_2.with_user(self.cip).export_data(["absence_detail"])
        with self.assertRaises(AccessError):
            self.line_2.with_user(self.cip).write({"absence_detail": "Rien"})
        [values] = self.line_2.with_user(self.other_cip).read(["absence_detail"])
        self.assertEqual(values["absence_detail"], "RDV psychiatre")
        # The crew line as the intervention form reads it.
        [form] = self.line_1.intervention_id.with_user(self.cip).web_read(
            {"worker_line_ids": {"fields": {"absence_detail": {}}}}
        )
        self.assertEqual(
            sorted(
                filter(
                    None, (line["absence_detail"] for line in form["worker_line_ids"])
                )
            ),
            ["Rendez-vous CAF"],
        )

    def test_replaced_pass_is_read_by_the_persons_referents_only(self):
        suspension = self.replaced.suspension_ids
        prolongation = self.replaced.prolongation_ids
        for model, records in (
            ("sp.iae.pass", self.replaced | self.pathway_2.pass_id),
            ("sp.iae.pass.suspension", suspension),
            ("sp.iae.pass.prolongation", prolongation),
        ):
            with self.subTest(model=model):
                self.assertFalse(
                    self.env[model]
                    .with_user(self.cip)
                    .search([("id", "in", records.ids)])
                )
                with self.assertRaises(AccessError):
                    records.with_user(self.cip).read(["id"])
                self.assertEqual(
                    self.env[model]
                    .with_user(self.other_cip)
                    .search([("id", "in", records.ids)]),
                    records,
                )
        with self.assertRaises(AccessError):
            prolongation.with_user(self.cip).read(["report_file"])
        attachments = (
            self.env["ir.attachment"]
            .with_user(self.cip)
            .search(
                [
                    ("res_model", "=", "sp.iae.pass.prolongation"),
                    ("res_id", "=", prolongation.id),
                ]
            )
        )
        self.assertFalse(attachments)
        [values] = prolongation.with_user(self.other_cip).read(
            ["reason", "report_file"]
        )
        self.assertEqual(values["reason"], "RQTH")
        self.assertEqual(base64.b64decode(values["report_file"]), REPORT)

    def test_a_new_pass_before_its_pathway_is_its_recorders(self):
        # Recorded by the CIP for a newcomer, before the pathway is saved.
        newcomer = self.workers[2]
        new_pass = self.create_pass(employee=newcomer, number="999992600003")
        self.assertEqual(new_pass.with_user(self.cip).number, "999992600003")
        self.assertFalse(
            self.env["sp.iae.pass"]
            .with_user(self.other_cip)
            .search([("id", "=", new_pass.id)])
        )


class TestReferentAccessRpc(XmlRpcMixin, SpTestMixin, HttpCase):
    """The same refusals as an RPC client and the web client's download meet them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        supervisor_user = new_sp_user(cls.env, "sp_rpc_enc", "Karim Encadrant")
        _farm, _other, _supervisor, workers = farms_and_crew(
            cls.env, supervisor_user, 3
        )
        cls.users = pathway_users(cls.env)
        cls.p1, cls.p2 = workers[0], workers[1]
        cls.today = fields.Date.today()
        _p1, _p2, cls.replaced = confidential_files(
            cls.env, cls.users, workers, cls.today
        )

    def test_rpc_reads_nothing_of_the_other_cips_person(self):
        cip = self.rpc(self.users["cip"])
        [values] = cip("hr.employee", "read", [self.p2.id], ["ssnid"])
        self.assertFalse(values["ssnid"])
        [values] = cip("hr.employee", "read", [self.p1.id], ["ssnid"])
        self.assertEqual(values["ssnid"], NIR_1)
        self.assertEqual(cip("hr.employee", "search", [("ssnid", "=", NIR_2)]), [])
        [values] = cip(
            "hr.version", "read", [self.p2.version_id.id], ["sp_duration_exception"]
        )
        self.assertFalse(values["sp_duration_exception"])
        self.assertEqual(
            cip("sp.iae.pass", "search", [("id", "=", self.replaced.id)]), []
        )
        self.assertEqual(
            cip(
                "sp.iae.pass.prolongation",
                "search",
                [("pass_id", "=", self.replaced.id)],
            ),
            [],
        )

    def test_report_file_download_by_the_referent_only(self):
        prolongation = self.replaced.prolongation_ids
        url = f"/web/content/sp.iae.pass.prolongation/{prolongation.id}/report_file"
        self.authenticate(
            self.users["cip"].login, self.users["cip"].login.ljust(8, "x")
        )
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(REPORT, response.content)
        self.authenticate(
            self.users["other_cip"].login, self.users["other_cip"].login.ljust(8, "x")
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, REPORT)
