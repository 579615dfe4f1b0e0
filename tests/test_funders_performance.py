"""The indicators cost a fixed number of queries, whatever the number of people."""

from datetime import date

from odoo import Command

from .funders_fixture import YEAR, FundersCase, month

# Queries of one computation, the same for 10 people or 40: the company and its
# currency, the agreement and its funder, the pathways, their people (2), the
# hours of the period and of the exit years, the barriers, trainings,
# immersions, the accounting; and the test's flushes.
QUERIES = 15


class TestFundersQueryCount(FundersCase):
    def crowd(self, first, count):
        """``count`` more people of 2025: a year of hours, a barrier, a training,
        an immersion, and an exit for every third."""
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": f"Salarié {index:02d}",
                    "company_id": self.company.id,
                    "sp_role": "insertion",
                    "sex": "female" if index % 2 else "male",
                    "birthday": date(1980 + index % 30, 1, 1),
                    "date_version": date(2024, 6, 1),
                    "contract_date_start": date(2024, 6, 1),
                    "contract_type_id": self.contract_type["inclusion"].id,
                    "resource_calendar_id": self.calendar.id,
                }
                for index in range(first, first + count)
            ]
        )
        pathways = self.env["sp.pathway"].create(
            [
                {
                    "employee_id": employee.id,
                    "company_id": self.company.id,
                    "hiring_date": date(2024, 6, 1),
                    "rsa": "OUI-NM" if index % 3 else "NON",
                    "education_level": "51",
                    "barrier_ids": [
                        Command.create(
                            {"barrier_type": "mobility", "support_mode": "internal"}
                        )
                    ],
                    "training_ids": [
                        Command.create(
                            {
                                "name": "CACES",
                                "hours": 14,
                                "date_start": date(2025, 4, 1),
                                "date_end": date(2025, 4, 2),
                            }
                        )
                    ],
                    "immersion_ids": [
                        Command.create(
                            {
                                "host_partner_id": self.ddets.id,
                                "date_start": date(2025, 5, 5),
                                "date_end": date(2025, 5, 9),
                            }
                        )
                    ],
                }
                for index, employee in enumerate(employees)
            ]
        )
        leaving = pathways[::3]
        leaving.write(
            {"exit_date": date(2025, 9, 30), "exit_reason_id": self.reason["cdi"].id}
        )
        leaving.action_exit()
        self.env["hr.work.entry"].create(
            [
                {
                    "employee_id": employee.id,
                    "version_id": employee.version_id.id,
                    "company_id": self.company.id,
                    "work_entry_type_id": self.work_type.id,
                    "date": month(number).replace(day=10),
                    "duration": 100,
                }
                for employee in employees
                for number in range(1, 13)
            ]
        )

    def compute(self, budget=QUERIES):
        """The figures of 2025, and the queries they cost."""
        self.env.invalidate_all()
        Figures = self.env["sp.funder.figures"].with_user(self.insertion_manager)
        before = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            figures = Figures._sp_compute(
                self.company, *YEAR, self.state_agreement, self.state_agreement
            )
        return figures["values"], self.cr.sql_log_count - before

    def test_a_year_for_10_and_40_people(self):
        self.crowd(1, 10)
        self.compute(budget=100)  # the registry's caches warm
        values, for_10 = self.compute()
        self.assertEqual(values["people.total"], 7 + 10)
        self.crowd(11, 30)
        values, for_40 = self.compute()
        self.assertEqual(for_40, for_10)
        self.assertEqual(values["people.total"], 7 + 40)
        # Every third of each crowd (4 of 10, 10 of 30) leaves on 30 September:
        # their October-December hours (3 × 100) are outside the pathway.
        self.assertEqual(values["hours.worked"], 4930 + 40 * 1200 - 14 * 300)
        self.assertEqual(values["hours.outside_pathway"], 1180 + 14 * 300)
        self.assertEqual(values["support.immersions.total.count"], 3 + 40)
