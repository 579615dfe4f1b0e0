import { registry } from "@web/core/registry";

// On a phone, a supervisor holds the day: one person did not come, another left
// early, then the job is done.
registry.category("web_tour.tours").add("sp_supervisor_day_tour", {
    steps: () => [
        {
            content: "Today's job",
            trigger: ".o_kanban_record:contains(Vergers de Rognes)",
            run: "click",
        },
        {
            content: "The crew is expected",
            trigger: ".o_sp_crew_kanban .o_kanban_record:contains(Salarié 02) .badge:contains(Présent·e)",
        },
        {
            content: "Salarié 02 did not come: one tap",
            trigger: ".o_sp_crew_kanban .o_kanban_record:contains(Salarié 02) button[name=action_mark_absent]",
            run: "click",
        },
        {
            trigger: ".o_sp_crew_kanban .o_kanban_record:contains(Salarié 02) .badge:contains(Absent·e)",
        },
        {
            content: "Salarié 01 left early: open the card",
            trigger: ".o_sp_crew_kanban .o_kanban_record:contains(Salarié 01) span:contains(Salarié 01)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=hours_worked] input",
            run: "edit 05:30",
        },
        {
            content: "Left early: a short choice, no reason to write",
            trigger: ".modal .o_field_widget[name=absence_type] label:contains(Départ anticipé)",
            run: "click",
        },
        {
            content: "The detail is for the CIP only: not on the supervisor's form",
            trigger: ".modal:not(:has(.o_field_widget[name=absence_detail]))",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "A note from the field",
            trigger: ".o_field_widget[name=field_note] textarea",
            run: "edit Plants de poireaux en place, sol humide.",
        },
        {
            content: "The job is done",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "Hours show once the job is done",
            trigger: ".o_sp_crew_kanban .o_kanban_record:contains(Salarié 03) .o_field_float_time:contains(07:00)",
        },
    ],
});

// On a phone, a planner moves a job from the calendar to the afternoon, when one of
// its crew is already booked elsewhere: refused, with the clash named.
registry.category("web_tour.tours").add("sp_planner_calendar_clash_tour", {
    steps: () => {
        // The job is on the day the calendar opens on.
        const day = luxon.DateTime.now().toFormat("dd/MM/yyyy");
        return [
        {
            content: "The job in the calendar: farm, town and crew",
            trigger: ".fc-event:contains(Vergers de Rognes · Rognes · 1/1)",
            run: "click",
        },
        {
            trigger: ".o_cw_popover_edit",
            run: "click",
        },
        {
            content: "Move it to the afternoon of the same day",
            trigger: ".o_field_widget[name=planned_start] .o_input",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=planned_start] input",
            run: `edit ${day} 13:00:00 && press enter`,
        },
        {
            trigger: ".o_field_widget[name=planned_end] .o_input",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=planned_end] input",
            run: `edit ${day} 17:00:00 && press enter`,
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Refused: the clash is named",
            trigger: ".modal .modal-body:contains(Salarié 01 est déjà réservé·e sur)",
        },
        {
            trigger: ".modal:has(.modal-body:contains(déjà réservé)) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The planner gives up the move",
            trigger: ".modal .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ];
    },
});
