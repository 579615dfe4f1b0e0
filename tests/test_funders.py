"""The funders' indicators of 2025, every figure counted by hand (see the table of
FundersCase), for the State's annex and the departmental council's RSA view."""

from datetime import date

from odoo.exceptions import ValidationError

from .funders_fixture import FundersCase

H_REF = 1607.0


class TestFundersFigures(FundersCase):
    def assertFigures(self, values, expected):
        for key, value in expected.items():
            self.assertAlmostEqual(values[key], value, places=6, msg=key)

    def test_people(self):
        values = self.indicators().figures["values"]
        # Alice, Bruno, Chloé, David, Emma, Farid, Jules worked in 2025; Gaëlle
        # from 2026 only, Hugo's last hours were in 2024. Jules counts once, with
        # the situation of his second hiring (RSA, CAP).
        self.assertFigures(
            values,
            {
                "people.total": 7,
                "people.women": 3,
                "people.men": 4,
                # Alice (not increased), Chloé (increased), Emma, Jules
                "people.brsa": 4,
                "people.ass": 1,
                "people.aah": 1,
                "people.rqth": 1,
                "people.zrr": 1,
                "people.qpv": 2,
                "people.under_26": 2,  # Alice 25, Emma 22 at their hiring
                "people.over_50": 1,  # Bruno, 54
                "people.ft_12_23": 1,
                "people.ft_24_plus": 1,
                "people.level_cap_bep": 3,  # Alice, Farid, Jules
                "people.level_non_certifying": 1,
                "people.level_below_cap": 1,
                "people.education.51": 3,
                "people.education.40": 2,
                "people.education.70": 1,
                "people.education.00": 1,
            },
        )

    def test_hours_and_fte(self):
        values = self.indicators().figures["values"]
        # Insertion hours only: Alice's CDI after her pathway (6 × 150 = 900) and
        # Bruno's hours after his exit of 15 April (40 + 3 × 80 = 280) are left out.
        hours = 600 + 200 + 1440 + 1320 + 270 + 500 + (200 + 400)
        self.assertEqual(hours, 4930)
        self.assertFigures(
            values,
            {
                "hours.worked": 4930,
                "hours.outside_pathway": 900 + 280,
                "hours.ledger": 4930 + 1180,  # what the ledger holds: it ties
                "hours.reference": H_REF,
                "hours.fte_worked": 4930 / H_REF,  # 3.07, not 3.80 (6,110 h)
                "hours.fte_agreed": 4.0,
                "hours.completion_rate": 4930 / H_REF / 4.0,
                # The year is over: the pace of twelve months of twelve.
                "hours.projected_hours": 4930,
                "hours.projected_completion_rate": 4930 / H_REF / 4.0,
                # December 2024 (Alice) and January 2026 (David) stay out.
                "hours.month.2025-01": 100 + 120 + 110 + 90 + 100,
                "hours.month.2025-02": 100 + 80 + 120 + 110 + 90 + 100 + 100,
                # Bruno's 40 h of the 10th count, those of the 20th (after his
                # exit on the 15th) do not.
                "hours.month.2025-04": 100 + 40 + 120 + 110 + 100,
                "hours.month.2025-04.outside_pathway": 40,
                "hours.month.2025-04.people": 5,
                # From May, Bruno is no longer one of the people of the month.
                "hours.month.2025-05": 100 + 120 + 110 + 100,
                "hours.month.2025-05.people": 4,  # Alice, Chloé, David, Farid
                "hours.month.2025-05.outside_pathway": 80,
                "hours.month.2025-06": 100 + 120 + 110,
                # July: Chloé and David; Alice on her CDI, Bruno's ledger: outside.
                "hours.month.2025-07": 120 + 110,
                "hours.month.2025-07.people": 2,
                "hours.month.2025-07.outside_pathway": 150 + 80,
                "hours.month.2025-08.outside_pathway": 150,
                "hours.month.2025-12": 120 + 110 + 100,
                "hours.month.2025-12.people": 3,  # Chloé, David, Jules
            },
        )
        hours_block = self.block(self.indicators().figures, "hours")
        by_month = {
            row["key"]: row["cells"] for row in hours_block["tables"][1]["rows"]
        }
        month, total, fte, people, outside = by_month["hours.month.2025-02"]
        self.assertEqual((month, total, people, outside), ("2025-02-01", 700, 7, 0))
        self.assertAlmostEqual(fte, 700 / H_REF * 12)
        self.assertEqual(by_month["hours.month.2025-07"][3:], [2, 230])

    def test_projection_at_the_current_pace(self):
        """Halfway through a year, the hours so far, doubled."""
        figures = self.env["sp.funder.figures"].with_context(sp_today="2025-06-30")
        values = figures._sp_compute(
            self.company,
            date(2025, 1, 1),
            date(2025, 12, 31),
            self.state_agreement,
            agreement=self.state_agreement,
        )["values"]
        # Alice, Bruno, Chloé, David, Emma, Farid, Jules (February and March).
        first_half = 600 + 200 + 6 * 120 + 6 * 110 + 270 + 500 + 200
        self.assertFigures(
            values,
            {
                "hours.worked": first_half,
                "hours.projected_hours": first_half * 2,
                "hours.projected_fte": first_half * 2 / H_REF,
            },
        )

    def test_exits(self):
        values = self.indicators().figures["values"]
        # Examined: Alice (CDI, lasting), Chloé (short CDD on the last day of the
        # period, transition), Farid (no news, other exit). Not examined: Emma
        # (withdrawal), Bruno (2.4 months), Jules's first pathway (1.9 months),
        # Hugo (no hour in 2025). David leaves on the first day of 2026.
        self.assertFigures(
            values,
            {
                "exits.emploi_durable": 1,
                "exits.emploi_transition": 1,
                "exits.sortie_positive": 0,
                "exits.autre_sortie": 1,
                "exits.examined": 3,
                "exits.dynamic": 2,
                "exits.dynamic_rate": 2 / 3,
                "exits.lasting_rate": 1 / 3,
                "exits.target_dynamic": 0.60,
                "exits.target_lasting": 0.25,
                "exits.not_examined.retrait": 1,
                "exits.not_examined.too_short": 2,
                "exits.not_examined.no_hours": 1,
                "exits.not_examined.no_category": 0,
            },
        )

    def test_targets_settable_per_agreement(self):
        self.state_agreement.write(
            {"target_dynamic_exit_rate": 70, "target_lasting_employment_rate": 30}
        )
        values = self.indicators().figures["values"]
        self.assertFigures(
            values, {"exits.target_dynamic": 0.70, "exits.target_lasting": 0.30}
        )

    def test_support(self):
        values = self.indicators().figures["values"]
        self.assertFigures(
            values,
            {
                # Alice inside, Bruno outside, Chloé both (one barrier each way).
                "support.housing.concerned": 3,
                "support.housing.internal": 1,
                "support.housing.external": 1,
                "support.housing.both": 1,
                "support.housing.rate": 1.0,
                # Alice both ways, Chloé not supported yet.
                "support.mobility.concerned": 2,
                "support.mobility.both": 1,
                "support.mobility.rate": 0.5,
                "support.health.concerned": 1,
                "support.health.external": 1,
                # David's, found in 2026, and Emma's, lifted in 2024: not counted.
                "support.debt.concerned": 0,
                "support.literacy.concerned": 0,
                # Trainings started in 2025: Alice 35 h, Chloé 20 h, Farid 7 h.
                "support.trainings.total.count": 3,
                "support.trainings.total.hours": 62,
                "support.trainings.total.people": 3,
                "support.trainings.qualifying.hours": 35,
                "support.trainings.pre_qualifying.count": 1,
                # Immersions of 2025: Chloé and David (PMSMP), Farid (MRS).
                "support.immersions.total.count": 3,
                "support.immersions.total.people": 3,
                "support.immersions.pmsmp.count": 2,
                "support.immersions.mrs.count": 1,
            },
        )

    def test_rsa_view(self):
        """The departmental council's agreement: the people on RSA at their
        hiring only (Alice, Chloé, Emma, Jules in his second pathway; Gaëlle did
        not work in 2025), and their hours inside an RSA pathway only."""
        indicators = self.indicators(agreement_id=self.department_agreement.id)
        self.assertTrue(indicators.rsa_only)
        self.assertEqual(
            (indicators.date_from, indicators.date_to),
            (date(2025, 1, 1), date(2025, 12, 31)),
        )
        values = indicators.figures["values"]
        self.assertFigures(
            values,
            {
                "people.total": 4,
                "people.women": 3,
                "people.men": 1,
                "people.brsa": 4,
                "people.qpv": 1,
                "people.under_26": 2,
                # Jules's 200 h of his first pathway, without RSA, stay out, as
                # Alice's 900 h of CDI: 2,710 h, not 3,810.
                "hours.worked": 600 + 1440 + 270 + 400,
                "hours.outside_pathway": 200 + 900,
                "hours.ledger": 2710 + 1100,
                "hours.fte_worked": 2710 / H_REF,
                "hours.fte_agreed": 1.5,
                "hours.completion_rate": 2710 / H_REF / 1.5,  # 112 %, not 158 %
                "hours.month.2025-03": 100 + 120 + 90,  # Alice, Chloé, Emma
                "hours.month.2025-03.people": 3,
                "hours.month.2025-03.outside_pathway": 100,  # Jules
                "hours.month.2025-09.people": 2,  # Chloé, Jules
                "exits.examined": 2,
                "exits.emploi_durable": 1,
                "exits.emploi_transition": 1,
                "exits.dynamic_rate": 1.0,
                "exits.lasting_rate": 0.5,
                "exits.not_examined.retrait": 1,
                "exits.not_examined.too_short": 0,
                "support.housing.concerned": 2,
                "support.housing.both": 1,
                "support.trainings.total.count": 2,
                "support.trainings.total.hours": 55,
                "support.immersions.total.count": 1,
            },
        )
        # The same view of the State's annex, on demand.
        values = self.indicators(rsa_only=True).figures["values"]
        self.assertFigures(values, {"people.total": 4, "hours.fte_agreed": 4.0})

    def test_all_agreements_and_a_shorter_period(self):
        """No agreement chosen: the State's agreements over the period, their posts
        for the days of the period (the departmental one is part of them)."""
        indicators = self.indicators(
            agreement_id=False, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)
        )
        values = indicators.figures["values"]
        self.assertFigures(
            values,
            {
                "hours.fte_agreed": 4.0 * 90 / 365,
                "hours.worked": 520 + 700 + 700,
                "people.total": 7,
                # Emma's withdrawal and Jules's short pathway on 31 March; Bruno
                # leaves in April, Hugo in January.
                "exits.examined": 0,
                "exits.not_examined.retrait": 1,
                "exits.not_examined.too_short": 1,
                "exits.not_examined.no_hours": 1,
            },
        )
        # No exit examined: no rate, not a rate of 0 %.
        self.assertFalse(values["exits.dynamic_rate"])
        self.assertIsNot(values["exits.dynamic_rate"], 0.0)

    def test_whole_months_only(self):
        with self.assertRaisesRegex(ValidationError, "mois entiers"):
            self.indicators(date_from=date(2025, 1, 15), agreement_id=False)
        with self.assertRaisesRegex(ValidationError, "mois entiers"):
            self.indicators(
                date_from=date(2025, 3, 1),
                date_to=date(2025, 1, 31),
                agreement_id=False,
            )

    def test_lines_name_nobody(self):
        indicators = self.indicators()
        figures, person_lines = indicators.figures, indicators.person_lines
        names = [employee.name for employee in self.people.values()]
        names += [name.split()[0] for name in names]
        text = str(figures) + str(person_lines)
        for name in names:
            self.assertNotIn(name, text)
        blocks = [block["key"] for block in figures["blocks"]]
        lines = dict(zip(blocks, person_lines["blocks"], strict=True))
        people = lines["people"][0]["rows"]
        self.assertEqual(len(people), 7)
        self.assertEqual(len({line[0] for line in people}), 7, "one pseudonym each")
        exits = lines["exits"][0]["rows"]
        self.assertEqual(
            len(exits), 7, "Alice, Bruno, Chloé, Emma, Farid, Hugo, Jules (first)"
        )
        self.assertEqual(sum(1 for line in exits if line[3]), 3)

    def test_agreement_bad_input(self):
        for vals, message in (
            ({"date_to": date(2024, 12, 31)}, "se termine avant de commencer"),
            ({"fte_agreed": 0}, "supérieurs à zéro"),
            ({"modulated_rate": 12}, "entre 0 et 10"),
            ({"target_dynamic_exit_rate": 160}, "entre 0 et 100"),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                self.state_agreement.with_user(self.insertion_manager).write(vals)
        self.assertEqual(self.state_agreement.fte_agreed, 4.0)

    def test_agreement_amounts(self):
        agreement = self.state_agreement
        self.assertEqual(agreement.aid_amount, 4 * 23000)
        self.assertEqual(agreement.modulated_amount, 4 * 23000 * 0.05)
        self.assertEqual(agreement.commercial_ceiling, 30)
        agreement.commercial_derogation = True
        self.assertEqual(agreement.commercial_ceiling, 50)

    @staticmethod
    def block(figures, key):
        return next(block for block in figures["blocks"] if block["key"] == key)
