import { registry } from "@web/core/registry";

// An agent returns two of the three serial numbers sold on one order line, from the order.
registry.category("web_tour.tours").add("aftersales_return_serials_tour", {
    steps: () => [
        {
            content: "Open the return wizard of the delivered order",
            trigger: ".o_form_view button[name=action_create_aftersales_return]",
            run: "click",
        },
        {
            content: "The wizard lists one row per delivered serial number",
            trigger: ".modal .o_data_row:contains(TOUR-SN-2)",
        },
        {
            content: "Return the first serial",
            trigger: ".modal .o_data_row:contains(TOUR-SN-1) td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:contains(TOUR-SN-1) td[name=quantity] input",
            run: "edit 1",
        },
        {
            content: "Return the third serial",
            trigger: ".modal .o_data_row:contains(TOUR-SN-3) td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:contains(TOUR-SN-3) td[name=quantity] input",
            run: "edit 1",
        },
        {
            content: "Create the return authorization",
            trigger: ".modal button[name=action_create_return]",
            run: "click",
        },
        {
            content: "The draft RA holds both serial numbers of the order line",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(TOUR-SN-3)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(TOUR-SN-1)",
        },
        {
            content: "Submit it: inside the policy, it is approved at once",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Approved, with its return receipt",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Approved)",
        },
    ],
});
