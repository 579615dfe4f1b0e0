import { registry } from "@web/core/registry";

// An accountant invoices June's reviewed interventions from the Billing menu, posts
// the invoices and lands on the farm's invoice.
registry.category("web_tour.tours").add("sp_invoice_tour", {
    steps: () => [
        {
            content: "Open the Billing menu of Seconde Pousse",
            trigger: ".o_main_navbar [data-menu-xmlid='seconde_pousse.menu_sp_billing']",
            run: "click",
        },
        {
            content: "Invoice the interventions",
            trigger: ".dropdown-item[data-menu-xmlid='seconde_pousse.menu_sp_billing_invoice']",
            run: "click",
        },
        {
            content: "The period starts on 1 June",
            trigger: ".o_dialog div[name=date_from] button",
            run: "click",
        },
        {
            trigger: ".o_dialog div[name=date_from] input",
            run: "edit 01/06/2026 && press Enter",
        },
        {
            trigger: ".o_dialog div[name=date_from]:contains(1 juin)",
        },
        {
            content: "and ends on 30 June",
            trigger: ".o_dialog div[name=date_to] button",
            run: "click",
        },
        {
            trigger: ".o_dialog div[name=date_to] input",
            run: "edit 30/06/2026 && press Enter",
        },
        {
            trigger: ".o_dialog div[name=date_to]:contains(30 juin)",
        },
        {
            content: "Post the invoices",
            trigger: ".o_dialog .o_field_widget[name=post] .form-check-input",
            run: "click",
        },
        {
            trigger: ".o_dialog .o_field_widget[name=post] input:checked",
        },
        {
            content: "Create the invoices",
            trigger: ".o_dialog button[name=action_invoice]",
            run: "click",
        },
        {
            content: "The farm's invoice opens, posted",
            trigger: ".o_form_view:not(.o_dialog .o_form_view) .o_statusbar_status button[data-value=posted].o_arrow_button_current",
        },
        {
            content: "It is the farm's",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Vergers de Rognes)",
        },
    ],
});
