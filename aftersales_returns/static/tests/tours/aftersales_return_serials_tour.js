import {registry} from "@web/core/registry";

// An agent (no Sales app) returns two of the three serial numbers sold on one order line,
// from the list of returns: "From a Sale Order", then the order.
registry.category("web_tour.tours").add("aftersales_return_serials_tour", {
    steps: () => [
        {
            content: "Open the return wizard from the list of returns",
            trigger: "button[name=action_create_from_order]",
            run: "click",
        },
        {
            content: "Choose the delivered order",
            trigger: ".modal .o_field_widget[name=order_id] input",
            run: "edit TOURORDER",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(TOURORDER)",
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
