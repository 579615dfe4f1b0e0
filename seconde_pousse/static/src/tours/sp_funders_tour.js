import { registry } from "@web/core/registry";

// The Insertion Manager prepares the departmental council's figures: its agreement,
// the people on RSA only, the figures against the targets, then the lines behind them.
registry.category("web_tour.tours").add("sp_funders_tour", {
    steps: () => [
        {
            content: "Open the Funders menu of the Insertion Pathways",
            trigger: ".o_main_navbar [data-menu-xmlid='seconde_pousse.menu_sp_insertion_funders']",
            run: "click",
        },
        {
            content: "Funders' indicators",
            trigger: ".dropdown-item[data-menu-xmlid='seconde_pousse.menu_sp_insertion_funders_indicators']",
            run: "click",
        },
        {
            content: "Choose the departmental council's agreement",
            trigger: ".o_field_widget[name=agreement_id] input",
            run: "edit Convention RSA",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Convention RSA 2025)",
            run: "click",
        },
        {
            content: "Its figures count the people on RSA only",
            trigger: ".o_field_widget[name=rsa_only] input:checked",
        },
        {
            content: "Four of them worked in 2025",
            trigger: ".o_sp_funder_headline [name=people] .fs-3:contains(4)",
        },
        {
            content: "Both exits examined were dynamic, against a target of 60 %",
            trigger: "tr[data-key='exits.dynamic_rate']:contains(100,0 %):contains(60,0 %)",
        },
        {
            content: "Analyse the lines behind the figures",
            trigger: "button[name=action_open_lines]",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "In the pivot, by sex and month",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The hours of the four people on RSA, inside their RSA pathways",
            trigger: ".o_pivot .o_pivot_cell_value:contains(2 710,00)",
        },
    ],
});
