import {registry} from "@web/core/registry";

function assertNoSidewaysScroll(element, what) {
    if (element.scrollWidth > element.clientWidth + 1) {
        throw new Error(
            `${what} scrolls sideways: ${element.scrollWidth}px of content in ${element.clientWidth}px`
        );
    }
}

// A support lead's case list at 1440 px: customer, readable title, stage and the service
// level in words, red once overdue, all without scrolling sideways.
registry.category("web_tour.tours").add("aftersales_case_list_desktop_tour", {
    steps: () => [
        {
            content: "The overdue case is listed",
            trigger: ".o_list_view .o_data_row:contains('Kettle lid scratched on arrival')",
        },
        {
            content: "with its customer",
            trigger:
                ".o_data_row:contains('Kettle lid scratched on arrival') td[name='partner_id']:contains('Li Wei')",
        },
        {
            content: "with its stage",
            trigger:
                ".o_data_row:contains('Kettle lid scratched on arrival') td[name='stage_id']:visible",
        },
        {
            content: "and how long it is overdue, in red",
            trigger:
                ".o_data_row:contains('Kettle lid scratched on arrival') td[name='aftersales_sla_label'] .text-bg-danger:contains('overdue by')",
        },
        {
            content: "The fresh case shows the time left",
            trigger:
                ".o_data_row:contains('Blender asks for a manual') td[name='aftersales_sla_label'] .badge:contains('left')",
        },
        {
            content: "Every column fits and the title is readable",
            trigger: ".o_list_renderer",
            run() {
                assertNoSidewaysScroll(this.anchor, "The case list");
                const title = document.querySelector(".o_data_row td[name='name']:not(:empty)");
                if (title.getBoundingClientRect().width < 200) {
                    throw new Error(
                        `The title column is ${title.getBoundingClientRect().width}px wide`
                    );
                }
            },
        },
    ],
});

// The same cases on a phone: cards with the customer and the service level in words.
registry.category("web_tour.tours").add("aftersales_case_list_phone_tour", {
    steps: () => [
        {
            content: "The overdue case is a card",
            trigger: ".o_kanban_record:contains('Kettle lid scratched on arrival')",
        },
        {
            content: "naming the customer",
            trigger:
                ".o_kanban_record:contains('Kettle lid scratched on arrival'):contains('Li Wei')",
        },
        {
            content: "with how long it is overdue, in red",
            trigger:
                ".o_kanban_record:contains('Kettle lid scratched on arrival') [name='aftersales_sla'] .text-bg-danger:contains('overdue by')",
        },
        {
            content: "Nothing scrolls sideways on the phone",
            trigger: ".o_kanban_renderer",
            run() {
                assertNoSidewaysScroll(document.documentElement, "The page");
            },
        },
    ],
});
