"""The CDDI on hr.version: weekly hours, first contract, renewals, and their
exceptions; the NIR and the exceptions for the CIP group only, never tracked."""

from datetime import date

from odoo.exceptions import AccessError, ValidationError

from .common import SpCase, new_sp_user, schedule


class ContractCase(SpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The insertion manager writes contracts (HR manager) and their exceptions.
        cls.hr_cip = new_sp_user(
            cls.env,
            "sp_resp_insertion",
            "Inès Responsable",
            "hr.group_hr_manager,seconde_pousse.group_sp_insertion_manager",
        )
        cls.hr_officer = new_sp_user(
            cls.env, "sp_rh", "Rémi Gestionnaire", "hr.group_hr_manager"
        )
        cls.cddi = cls.env.ref("seconde_pousse.contract_type_cddi")
        cls.cdi_inclusion = cls.env.ref("seconde_pousse.contract_type_cdi_inclusion")
        cls.week_26 = schedule(cls.env, 6.5, days=4)
        cls.week_20 = schedule(cls.env, 5, days=4)
        cls.week_35 = schedule(cls.env, 7, days=5)
        cls.week_19_5 = schedule(cls.env, 6.5, days=3)
        cls.week_36 = schedule(cls.env, 9, days=4)

    def hire(self, start, end, calendar=None, user=None, **vals):
        """An insertion employee with a first contract, created as ``user``."""
        Employee = self.env["hr.employee"].with_user(user or self.hr_cip)
        return Employee.create(
            {
                "name": "Yasmine Belkacem",
                "sp_role": "insertion",
                "date_version": start,
                "contract_date_start": start,
                "contract_date_end": end,
                "contract_type_id": (vals.pop("contract_type", None) or self.cddi).id,
                "resource_calendar_id": (calendar or self.week_26).id,
                **vals,
            }
        )

    def renew(self, employee, start, end, **vals):
        return employee.with_user(self.hr_cip).create_version(
            {
                "date_version": start,
                "contract_date_start": start,
                "contract_date_end": end,
                "contract_type_id": self.cddi.id,
                **vals,
            }
        )


class TestWeeklyHours(ContractCase):
    def test_between_20_and_35_hours(self):
        for calendar in (self.week_20, self.week_26, self.week_35):
            employee = self.hire(date(2026, 1, 5), date(2026, 7, 4), calendar=calendar)
            self.assertEqual(employee.contract_type_id, self.cddi)
        count = self.env["hr.employee"].search_count([])
        for calendar, hours in ((self.week_19_5, "19,50"), (self.week_36, "36,00")):
            with self.assertRaisesRegex(
                ValidationError,
                rf"a entre 20 et 35 heures par semaine, pas {hours}, sauf dérogation",
            ):
                self.hire(date(2026, 1, 5), date(2026, 7, 4), calendar=calendar)
        # Nothing written: no employee, no version.
        self.assertEqual(self.env["hr.employee"].search_count([]), count)

    def test_other_contracts_are_free(self):
        employee = self.hire(
            date(2026, 1, 5),
            False,
            calendar=self.week_19_5,
            contract_type=self.env.ref("hr.contract_type_permanent"),
        )
        self.assertEqual(employee.resource_calendar_id.hours_per_week, 19.5)

    def test_derogation_dated_and_12_months_at_most(self):
        with self.assertRaisesRegex(ValidationError, r"dérogation du préfet"):
            self.hire(
                date(2026, 1, 5),
                date(2026, 7, 4),
                calendar=self.week_19_5,
                sp_hours_derogation="individual",
            )
        # The decision of 5 January 2026 covers until 4 January 2027, not a day more.
        with self.assertRaisesRegex(
            ValidationError, r"jusqu'au 04/01/2027 seulement \(12 mois au plus\)"
        ):
            self.hire(
                date(2026, 1, 5),
                date(2027, 1, 5),
                calendar=self.week_19_5,
                sp_hours_derogation="individual",
                sp_hours_derogation_date=date(2026, 1, 5),
            )
        employee = self.hire(
            date(2026, 1, 5),
            date(2027, 1, 4),
            calendar=self.week_19_5,
            sp_hours_derogation="structure",
            sp_hours_derogation_date=date(2026, 1, 5),
        )
        self.assertEqual(
            employee.with_user(self.hr_cip).sp_hours_derogation, "structure"
        )


class TestDuration(ContractCase):
    def test_first_contract_lasts_4_months(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"un premier contrat d'insertion dure au moins 4 mois, jusqu'au "
            r"04/05/2026, sauf pour une personne sous aménagement de peine",
        ):
            self.hire(date(2026, 1, 5), date(2026, 5, 3))
        self.assertTrue(self.hire(date(2026, 1, 5), date(2026, 5, 4)))
        self.assertTrue(
            self.hire(
                date(2026, 1, 5), date(2026, 2, 4), sp_duration_exception="sentence"
            )
        )

    def test_fixed_term_needs_its_end(self):
        with self.assertRaisesRegex(ValidationError, r"a besoin de sa date de fin"):
            self.hire(date(2026, 1, 5), False)
        self.assertTrue(
            self.hire(date(2026, 1, 5), False, contract_type=self.cdi_inclusion)
        )

    def test_renewals_up_to_24_months(self):
        employee = self.hire(date(2025, 1, 1), date(2025, 12, 31))
        # 12 + 12 months: exactly 24, accepted.
        self.renew(employee, date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(len(employee.version_ids), 2)
        with self.assertRaisesRegex(
            ValidationError,
            r"les contrats d'insertion durent 24 mois en tout, renouvellements "
            r"compris, sauf pour achever une formation",
        ):
            self.renew(employee, date(2027, 1, 1), date(2027, 1, 1))
        self.assertEqual(len(employee.version_ids), 2)

    def test_training_exception_needs_its_decision(self):
        employee = self.hire(date(2025, 1, 1), date(2026, 12, 31))
        with self.assertRaisesRegex(ValidationError, r"la date de la décision"):
            self.renew(
                employee,
                date(2027, 1, 1),
                date(2027, 3, 31),
                sp_duration_exception="training",
            )
        version = self.renew(
            employee,
            date(2027, 1, 1),
            date(2027, 3, 31),
            sp_duration_exception="training",
            sp_duration_exception_date=date(2026, 12, 1),
        )
        self.assertEqual(version.contract_date_end, date(2027, 3, 31))

    def test_yearly_decisions_up_to_60_months(self):
        employee = self.hire(date(2023, 1, 1), date(2024, 12, 31))
        with self.assertRaisesRegex(ValidationError, r"décidée pour un an à la fois"):
            self.renew(
                employee,
                date(2025, 1, 1),
                date(2026, 1, 1),
                sp_duration_exception="senior",
                sp_duration_exception_date=date(2025, 1, 1),
            )
        for year in (2025, 2026):
            self.renew(
                employee,
                date(year, 1, 1),
                date(year, 12, 31),
                sp_duration_exception="rqth",
                sp_duration_exception_date=date(year, 1, 1),
            )
        # 48 months; a decision for the fifth year reaches 60, not beyond.
        self.renew(
            employee,
            date(2027, 1, 1),
            date(2027, 12, 31),
            sp_duration_exception="difficulties",
            sp_duration_exception_date=date(2027, 1, 1),
        )
        with self.assertRaisesRegex(ValidationError, r"durent 60 mois en tout"):
            self.renew(
                employee,
                date(2028, 1, 1),
                date(2028, 1, 31),
                sp_duration_exception="difficulties",
                sp_duration_exception_date=date(2028, 1, 1),
            )
        self.assertEqual(len(employee.version_ids), 4)


class TestConfidentiality(ContractCase):
    def test_exceptions_for_the_cip_only(self):
        employee = self.hire(
            date(2026, 1, 5), date(2026, 2, 4), sp_duration_exception="sentence"
        )
        for user in (self.hr_officer, self.user):
            with self.assertRaises(AccessError):
                employee.with_user(user).read(["sp_duration_exception"])
            with self.assertRaises(AccessError):
                employee.version_id.with_user(user).read(["sp_duration_exception"])
        self.assertEqual(
            employee.with_user(self.hr_cip).sp_duration_exception, "sentence"
        )

    def test_nir_for_the_cip_and_hr_managers_never_tracked(self):
        employee = self.hire(date(2026, 1, 5), date(2026, 7, 4))
        tracked = employee.with_user(self.hr_cip).with_context(tracking_disable=False)
        tracked.write({"ssnid": "2850713055123"})
        tracked.version_id.write({"ssnid": "2850713055124"})
        self.env.flush_all()
        self.assertEqual(tracked.ssnid, "2850713055124")
        tracking = self.env["mail.tracking.value"].search(
            [("field_id.name", "=", "ssnid")]
        )
        self.assertFalse(tracking, "the NIR is never in a tracking message")
        # The HR managers make the payroll: they read the NIR; a supervisor does not.
        [values] = employee.with_user(self.hr_officer).read(["ssnid"])
        self.assertEqual(values["ssnid"], "2850713055124")
        with self.assertRaises(AccessError):
            employee.with_user(self.user).read(["ssnid"])
        with self.assertRaises(AccessError):
            employee.version_id.with_user(self.user).read(["ssnid"])
        # Nor an HR officer, not even by searching for it.
        officer = new_sp_user(
            self.env, "sp_rh_agent", "Léa Agent RH", "hr.group_hr_user"
        )
        with self.assertRaises(AccessError):
            employee.with_user(officer).read(["ssnid"])
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(officer).search(
                [("ssnid", "=", "2850713055124")]
            )
        self.assertNotIn("ssnid", self.env["hr.employee.public"]._fields)
        # The supervisor reads people through the public profile: no NIR there.
        public = self.env["hr.employee.public"].with_user(self.user).browse(employee.id)
        self.assertNotIn("ssnid", public.read()[0])
