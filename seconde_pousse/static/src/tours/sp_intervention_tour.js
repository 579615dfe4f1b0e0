import { registry } from "@web/core/registry";

// A supervisor opens the interventions kanban, records a farm's request and plans it.
registry.category("web_tour.tours").add("sp_intervention_plan_tour", {
    steps: () => [
        {
            content: "Every status has its column, even when empty",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Demande)) ~ .o_kanban_group:has(.o_column_title:contains(Annulée))",
        },
        {
            content: "Record a new request",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the farm",
            trigger: ".o_field_widget[name=farm_id] input",
            run: "edit Vergers de Rognes",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Vergers de Rognes)",
            run: "click",
        },
        {
            content: "The farm's contact is proposed",
            trigger: ".o_field_widget[name=farm_contact_id] input:value(Martine Roux)",
        },
        {
            content: "Planned start",
            trigger: ".o_field_widget[name=planned_start] input",
            run: "edit 15/06/2026 08:00:00 && press enter",
        },
        {
            content: "Planned end",
            trigger: ".o_field_widget[name=planned_end] input",
            run: "edit 15/06/2026 15:00:00 && press enter",
        },
        {
            trigger: ".o_field_widget[name=workers_needed] input",
            run: "edit 4",
        },
        {
            content: "Plan it",
            trigger: ".o_form_view button[name=action_plan]",
            run: "click",
        },
        {
            content: "It is planned",
            trigger: ".o_statusbar_status button[data-value=planned].o_arrow_button_current",
        },
        {
            content: "Back to the kanban",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            content: "The card stands in the Planned column",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Planifiée)) .o_kanban_record:contains(Vergers de Rognes)",
        },
    ],
});

// A supervisor starts an intervention from a team, checks who is free, and confirms it.
registry.category("web_tour.tours").add("sp_intervention_team_tour", {
    steps: () => [
        {
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=farm_id] input",
            run: "edit Vergers de Rognes",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Vergers de Rognes)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=planned_start] input",
            run: "edit 16/06/2026 08:00:00 && press enter",
        },
        {
            trigger: ".o_field_widget[name=planned_end] input",
            run: "edit 16/06/2026 15:00:00 && press enter",
        },
        {
            content: "The dates are taken",
            trigger: ".o_field_widget[name=planned_duration]:contains(07:00)",
        },
        {
            content: "Start from the team",
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Luberon",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Équipe Luberon)",
            run: "click",
        },
        {
            content: "The team's supervisor is proposed",
            trigger: ".o_field_widget[name=supervisor_id] input:value(Sophie Encadrante)",
        },
        {
            content: "and its members as the crew",
            trigger: ".o_field_widget[name=worker_line_ids] .o_data_row:contains(Salarié 03)",
        },
        {
            content: "See who is free",
            trigger: ".o_notebook a.nav-link:contains(Disponibilités)",
            run: "click",
        },
        {
            content: "Someone booked elsewhere is listed as such",
            trigger: ".o_field_widget[name=busy_employee_ids]:contains(Salarié 09)",
        },
        {
            trigger: ".o_form_view button[name=action_plan]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=planned].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: ".o_statusbar_status button[data-value=confirmed].o_arrow_button_current",
        },
    ],
});

// A supervisor hands a reserved machine over to a farm, then records its return with damage.
registry.category("web_tour.tours").add("sp_equipment_loan_tour", {
    steps: () => [
        {
            content: "Every status has its column",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Réservé)) ~ .o_kanban_group:has(.o_column_title:contains(Rendu))",
        },
        {
            content: "Open the reservation",
            trigger: ".o_kanban_record:contains(Motoculteur de test)",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_open_handover]:contains(Remettre le matériel)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=notes] textarea",
            run: "edit Plein fait",
        },
        {
            trigger: ".modal footer button[name=action_confirm]:contains(Remettre le matériel)",
            run: "click",
        },
        {
            content: "It is out",
            trigger: ".o_statusbar_status button[data-value=out].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view button[name=action_open_handover]:contains(Enregistrer le retour)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=meter] input",
            run: "edit 131",
        },
        {
            trigger: ".modal .o_field_widget[name=condition] input[data-value=damaged]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=damage_description] textarea",
            run: "edit Carter fendu",
        },
        {
            trigger: ".modal footer button[name=action_confirm]:contains(Enregistrer le retour)",
            run: "click",
        },
        {
            content: "Returned, with its repair request",
            trigger: ".o_statusbar_status button[data-value=returned].o_arrow_button_current",
        },
        {
            trigger: ".o_notebook a.nav-link:contains(Retour)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=maintenance_request_id]:contains(Motoculteur de test)",
        },
    ],
});

// A supervisor holds the review of a done intervention with the farmer, who signs it.
registry.category("web_tour.tours").add("sp_intervention_review_tour", {
    steps: () => [
        {
            content: "Open the review from the done intervention",
            trigger: ".o_statusbar_buttons button[name=action_open_review]",
            run: "click",
        },
        {
            trigger: ".o_notebook a.nav-link:contains(Satisfaction)",
            run: "click",
        },
        {
            content: "The farmer is very satisfied",
            trigger: ".o_field_widget[name=overall_rating] a.o_priority_star[aria-label='Très satisfait']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=farmer_comment] textarea",
            run: "edit Équipe ponctuelle et efficace.",
        },
        {
            trigger: ".o_notebook a.nav-link:contains(Signature)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=signed_by] input",
            run: "edit Martine Roux",
        },
        {
            content: "The farmer signs",
            trigger: ".o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "Her name is drawn as the signature",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=signature] img.o_signature",
        },
        {
            content: "Complete the review",
            trigger: ".o_statusbar_buttons button[name=action_complete]",
            run: "click",
        },
        {
            content: "Completed",
            trigger: ".o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
        {
            content: "Ready to be sent to the farm",
            trigger: ".o_statusbar_buttons button[name=action_send]",
        },
    ],
});
