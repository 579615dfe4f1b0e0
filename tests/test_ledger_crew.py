"""The absence a supervisor records on a crew line: a short choice, nothing about
health; the detail, for the CIP only; and the migration of the old free text."""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError

from .common import SpCase, new_sp_user

PRE_MIGRATE = (
    Path(__file__).parent.parent / "seconde_pousse/migrations/19.0.1.7.0/pre-migrate.py"
)


class TestCrewAbsence(SpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cip = new_sp_user(
            cls.env,
            "sp_cip",
            "Nadia Conseillère",
            "seconde_pousse.group_sp_user,seconde_pousse.group_sp_cip",
        )
        # A supervisor who notes the skills observed at reviews is an HR officer:
        # still not a reader of the absences' detail.
        cls.hr_supervisor = new_sp_user(
            cls.env,
            "sp_encadrant_rh",
            "Lucie Encadrante",
            "seconde_pousse.group_sp_user,hr.group_hr_user",
        )

    def started(self):
        intervention = self.create_intervention(workers=self.workers[:2])
        intervention.action_plan()
        intervention.action_confirm()
        intervention.action_start()
        return intervention.worker_line_ids.with_user(self.user)

    def test_short_choice(self):
        absent, late = self.started()
        absent.action_mark_absent()
        self.assertEqual(absent.absence_type, "not_notified")
        absent.absence_type = "notified"
        self.assertEqual(absent.absence_type, "notified")
        with self.assertRaisesRegex(
            ValidationError,
            r"Salarié 01 est noté·e absent·e sur INT/\d+/\d+ : retard ou départ "
            r"anticipé, c'est pour une personne venue\.",
        ):
            absent.absence_type = "late"
        late.write({"absence_type": "late", "hours_worked": 5})
        self.assertEqual((late.attended, late.absence_type), (True, "late"))
        with self.assertRaisesRegex(
            ValidationError, r"Salarié 02 est noté·e présent·e sur INT/\d+/\d+ : une "
        ):
            late.absence_type = "not_notified"
        # Back present: the absence goes, a lateness stays with the present.
        absent.action_mark_present()
        self.assertFalse(absent.absence_type)

    def test_detail_for_the_referent_cip_only(self):
        absent, _present = self.started()
        absent.action_mark_absent()
        for user in (self.user, self.hr_supervisor):
            line = absent.with_user(user)
            with self.assertRaises(AccessError):
                line.read(["absence_detail"])
            with self.assertRaises(AccessError):
                line.write({"absence_detail": "Malade"})
            self.assertNotIn("absence_detail", line.fields_get())
        # A CIP who is not the person's referent neither.
        line = absent.with_user(self.cip)
        with self.assertRaises(AccessError):
            line.write({"absence_detail": "Malade"})
        # Their referent CIP writes and reads it.
        self.env["sp.pathway"].create(
            {"employee_id": absent.employee_id.id, "cip_user_id": self.cip.id}
        )
        line.absence_detail = "Rendez-vous médical, justificatif remis"
        self.assertEqual(line.absence_detail, "Rendez-vous médical, justificatif remis")

    def test_migration_maps_and_moves_the_old_note(self):
        first, second = self.started()
        first.action_mark_absent()
        self.env.flush_all()
        cr = self.env.cr
        # The 19.0.1.6.0 shape: excused/unexcused and a free-text note for all.
        cr.execute(
            """
            ALTER TABLE sp_intervention_worker
                RENAME COLUMN absence_detail TO absence_reason;
            UPDATE sp_intervention_worker
               SET absence_type = 'excused', absence_reason = 'Malade'
             WHERE id = %s;
            UPDATE sp_intervention_worker SET absence_type = 'unexcused' WHERE id = %s;
            """,
            [first.id, second.id],
        )
        spec = importlib.util.spec_from_file_location("pre_migrate", PRE_MIGRATE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(cr, "19.0.1.6.0")
        cr.execute(
            """
            SELECT id, absence_type, absence_detail FROM sp_intervention_worker
             WHERE id IN %s ORDER BY id
            """,
            [(first.id, second.id)],
        )
        self.assertEqual(
            cr.fetchall(),
            [(first.id, "notified", "Malade"), (second.id, "not_notified", None)],
        )
