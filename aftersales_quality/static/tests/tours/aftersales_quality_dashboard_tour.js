import {registry} from "@web/core/registry";

const {DateTime} = luxon;

// The quality manager opens the dashboard from the menu, filters a team, picks
// last month, reads a chart and the count, and drills down to the cases: the
// period and the team are in the name of what opens.
registry.category("web_tour.tours").add("aftersales_quality_dashboard_tour", {
    steps: () => {
        const lastMonth = DateTime.local().minus({months: 1});
        const from = lastMonth.startOf("month").toISODate();
        const to = lastMonth.endOf("month").toISODate();
        return [
            {
                content: "Open the apps menu",
                trigger: ".o_navbar_apps_menu button",
                run: "click",
            },
            {
                content: "Open Helpdesk",
                trigger: ".o_app[data-menu-xmlid='helpdesk_mgmt.helpdesk_ticket_main_menu']",
                run: "click",
            },
            {
                content: "Open the After-Sales menu",
                trigger: "button[data-menu-xmlid='aftersales_flow.menu_aftersales_root']",
                run: "click",
            },
            {
                content: "Open the dashboard",
                trigger: "[data-menu-xmlid='aftersales_quality.menu_quality_dashboard']",
                run: "click",
            },
            {
                content: "The breadcrumb names the dashboard",
                trigger: ".o_breadcrumb:contains(Quality Dashboard)",
            },
            {
                content: "A chart of the volume is drawn",
                trigger: ".o_aftersales_quality_dashboard canvas[data-key='cases']",
            },
            {
                content: "Filter the tour's team",
                trigger: ".o_aftersales_quality_dashboard select.o_as_filter_team_ids",
                run: "selectByLabel Tour Dashboard Team",
            },
            {
                content: "Pick last month",
                trigger: ".o_aftersales_quality_dashboard select.o_as_preset",
                run: "select last_month",
            },
            {
                content: "The period is last month",
                trigger: `.o_aftersales_quality_dashboard [data-period='${from}/${to}']`,
            },
            {
                content: "The team's two cases of last month are counted",
                trigger: ".o_as_kpi_card[data-key='cases'] .o_as_value:contains(2)",
            },
            {
                content: "The chart is redrawn for the period",
                trigger: ".o_aftersales_quality_dashboard canvas[data-key='sla_compliance']",
            },
            {
                content: "Drill down to the cases",
                trigger: ".o_as_kpi_card[data-key='cases']",
                run: "click",
            },
            {
                content: "The cases open",
                trigger: ".o_list_view",
            },
            {
                content: "The team is in the breadcrumb",
                trigger: ".o_breadcrumb:contains(Tour Dashboard Team)",
            },
            {
                content: "The period is in the breadcrumb",
                trigger: `.o_breadcrumb:contains(${from} → ${to})`,
            },
            {
                content: "The two cases are listed",
                trigger: ".o_list_view .o_data_row:contains(Tour dashboard case)",
            },
            {
                content: "Back to the dashboard",
                trigger: ".o_breadcrumb a:contains(Quality Dashboard)",
                run: "click",
            },
            {
                content: "The dashboard kept its period",
                trigger: `.o_aftersales_quality_dashboard [data-period='${from}/${to}']`,
            },
            {
                content: "The cost card prices the two cases' handling",
                trigger: ".o_as_cost_card .o_as_value:contains(175.00)",
            },
            {
                content: "The cost is broken down",
                trigger:
                    ".o_as_cost_breakdown tr[data-key='aftersales_cost_handling'] .o_as_amount:contains(175.00)",
            },
            {
                content: "Open the category that cost the most",
                trigger:
                    ".o_as_cost_top[data-field='category_id'] .o_as_cost_row:contains(Tour Cost Category)",
                run: "click",
            },
            {
                content: "The Case Analysis opens on the cost",
                trigger: ".o_pivot_view",
            },
            {
                content: "The category and the period are in the breadcrumb",
                trigger: `.o_breadcrumb:contains(Tour Cost Category):contains(${from} → ${to})`,
            },
            {
                content: "Back to the dashboard",
                trigger: ".o_breadcrumb a:contains(Quality Dashboard)",
                run: "click",
            },
            {
                content: "The cost card is there again",
                trigger: ".o_as_cost_card .o_as_value:contains(175.00)",
            },
        ];
    },
});
