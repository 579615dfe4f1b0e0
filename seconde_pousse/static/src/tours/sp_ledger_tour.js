import { registry } from "@web/core/registry";

// The insertion manager closes last month, then reads its hours.
registry.category("web_tour.tours").add("sp_ledger_close_month_tour", {
    steps: () => [
        {
            content: "Last month is proposed",
            trigger: ".modal .o_field_widget[name=month] input",
        },
        {
            content: "Close it",
            trigger: ".modal button[name=action_close]",
            run: "click",
        },
        {
            content: "Its hours, per person: worked and paid, closed",
            trigger: ".o_list_view .o_data_row:contains(Anaïs Roche)",
        },
    ],
});
