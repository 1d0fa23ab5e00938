import {registry} from "@web/core/registry";

// A customer starts a new case on the portal; a help article answers them while they type,
// and they say so instead of sending the case.
registry.category("web_tour.tours").add("aftersales_knowledge_portal_tour", {
    steps: () => [
        {
            content: "Type the subject",
            trigger: "input[name='subject']",
            run: "edit Crushed box",
        },
        {
            content: "Type the description",
            trigger: "textarea[name='description']",
            run: "edit The parcel arrived with the box crushed",
        },
        {
            content: "A matching public article appears: it answered the question",
            trigger:
                ".o_aftersales_help_suggestions:not(.d-none) li:contains(Tour parcel damaged) button",
            run: "click",
        },
        {
            content: "Thanked, no case needed",
            trigger: ".o_aftersales_help_thanks.alert-success:not(.d-none)",
        },
    ],
});
