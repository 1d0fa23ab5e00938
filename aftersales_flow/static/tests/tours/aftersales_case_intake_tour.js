import {registry} from "@web/core/registry";

// An agent records a complaint in a new After-Sales case.
// The kind is chosen first, on the freshly loaded form: chosen after typing the
// subject, its menu could be re-rendered by the subject's onchange while it was
// open, and the click landed on an element that was no longer there.

// The kind's menu shows its value in a search input or in a button, by its options
const KIND_IS_COMPLAINT = [
    ".o_field_widget[name='aftersales_case_kind'] input:value(Complaint)",
    ".o_field_widget[name='aftersales_case_kind'] .o_select_menu_toggler:contains(Complaint)",
].join(", ");

registry.category("web_tour.tours").add("aftersales_case_intake_tour", {
    steps: () => [
        {
            content: "Open the kinds of case",
            trigger: ".o_field_widget[name='aftersales_case_kind'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "It is a complaint",
            trigger: ".o_select_menu_item:contains(Complaint)",
            run: "click",
        },
        {
            content: "The kind shows Complaint",
            trigger: KIND_IS_COMPLAINT,
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Scratched kettle lid",
        },
        {
            content: "Problem description",
            trigger: ".o_field_widget[name='description'] .odoo-editor-editable",
            run: "editor The lid arrived scratched.",
        },
        {
            content: "The kind still shows Complaint",
            trigger: KIND_IS_COMPLAINT,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the ticket number is shown",
            trigger: ".o_form_saved, .o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});
