import { registry } from "@web/core/registry";

// The CIP opens the pathway of a person they follow and records an interview, with
// its confidential notes and the next step, which becomes one of their activities.
// The same steps on a desktop and on a phone.
registry.category("web_tour.tours").add("sp_pathway_interview_tour", {
    steps: () => {
        const nextWeek = luxon.DateTime.now().plus({ days: 7 }).toFormat("dd/MM/yyyy");
        return [
            {
                content: "My pathways, by status",
                trigger: ".o_kanban_group:contains(En cours) .o_kanban_record:contains(Salarié 01)",
                run: "click",
            },
            {
                content: "The PASS IAE ends soon: the CIP sees it at once",
                trigger: ".o_form_view .alert-warning:contains(Le PASS IAE se termine le)",
            },
            {
                content: "The follow-up tab",
                trigger: ".o_notebook a[name=follow_up]",
                run: "click",
            },
            {
                content: "Record an interview",
                trigger:
                    ".o_field_widget[name=interview_ids] .o_field_x2many_list_row_add a, " +
                    ".o_field_widget[name=interview_ids] .o-kanban-button-new",
                run: "click",
            },
            {
                content: "A follow-up interview (the default), held now: confidential notes",
                trigger: ".modal .o_field_widget[name=notes] .odoo-editor-editable",
                run: "editor Le permis B avance, le code est obtenu.",
            },
            {
                trigger: ".modal .o_field_widget[name=notes] .odoo-editor-editable:contains(code est obtenu)",
            },
            {
                content: "The next step",
                trigger: ".modal .o_field_widget[name=next_step] input",
                run: "edit Appeler l'auto-école sociale",
            },
            {
                trigger: ".modal .o_field_widget[name=next_step_date] input",
                run: `edit ${nextWeek}`,
            },
            {
                trigger: ".modal .o_form_button_save",
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "The interview is on the pathway",
                trigger: ".o_field_widget[name=interview_ids]:contains(Appeler l'auto-école sociale)",
            },
            {
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                content: "Saved",
                trigger: ".o_form_saved",
            },
        ];
    },
});
