import {Component, onWillStart, onWillUnmount, useEffect, useRef, useState} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {formatFloat} from "@web/core/utils/numbers";
import {Layout} from "@web/search/layout";
import {useSetupAction} from "@web/search/action_hook";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const {DateTime} = luxon;

/** Today in the browser, as YYYY-MM-DD. */
function isoDay(dateTime) {
    return dateTime.toISODate();
}

/**
 * The quality manager's dashboard: filters on top, a card per KPI (the value,
 * the previous period's and the change), the open work, and charts over time.
 * Every figure comes from one server call, `get_dashboard_data`; a card opens
 * what it counts through `action_open_dashboard_card`.
 */
export class QualityDashboard extends Component {
    static template = "aftersales_quality.QualityDashboard";
    static components = {Layout};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.chartRefs = {
            cases: useRef("chart_cases"),
            sla_compliance: useRef("chart_sla_compliance"),
            rating: useRef("chart_rating"),
        };
        this.charts = [];
        this.state = useState({
            filters: {...(this.props.state?.filters || {})},
            data: null,
            error: false,
        });
        useSetupAction({getLocalState: () => ({filters: {...this.state.filters}})});
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        useEffect(
            () => {
                this.renderCharts();
            },
            () => [this.state.data]
        );
        onWillUnmount(() => this.destroyCharts());
    }

    // ------------------------------------------------------------ data

    async load() {
        let data;
        try {
            data = await this.orm.call("aftersales.quality.dashboard", "get_dashboard_data", [
                this.state.filters,
            ]);
        } catch (error) {
            // a refused period (it ends before it starts...): back to the figures shown
            if (this.state.data) {
                Object.assign(this.state.filters, {
                    date_from: this.state.data.period.date_from,
                    date_to: this.state.data.period.date_to,
                    ...this.state.data.filters,
                });
            }
            throw error;
        }
        Object.assign(this.state.filters, {
            date_from: data.period.date_from,
            date_to: data.period.date_to,
            ...data.filters,
        });
        this.state.data = data;
    }

    get presets() {
        return [
            ["last_30", _t("Last 30 days")],
            ["this_month", _t("This month")],
            ["last_month", _t("Last month")],
            ["this_quarter", _t("This quarter")],
            ["this_year", _t("This year")],
        ];
    }

    async onPreset(ev) {
        const today = DateTime.local().startOf("day");
        const ranges = {
            last_30: [today.minus({days: 29}), today],
            this_month: [today.startOf("month"), today],
            last_month: [
                today.minus({months: 1}).startOf("month"),
                today.minus({months: 1}).endOf("month"),
            ],
            this_quarter: [today.startOf("quarter"), today],
            this_year: [today.startOf("year"), today],
        };
        const range = ranges[ev.target.value];
        if (!range) {
            return;
        }
        this.state.filters.date_from = isoDay(range[0]);
        this.state.filters.date_to = isoDay(range[1]);
        await this.load();
    }

    async onDate(name, ev) {
        if (!ev.target.value) {
            return;
        }
        this.state.filters[name] = ev.target.value;
        await this.load();
    }

    async onFilter(key, ev) {
        const value = parseInt(ev.target.value);
        this.state.filters[key] = value ? [value] : [];
        await this.load();
    }

    async openCard(key) {
        const action = await this.orm.call(
            "aftersales.quality.dashboard",
            "action_open_dashboard_card",
            [this.state.filters, key]
        );
        await this.action.doAction(action);
    }

    // ------------------------------------------------------------ display

    kpisOf(section) {
        return this.state.data.kpis.filter((kpi) => kpi.section === section.key);
    }

    format(value, format) {
        if (value === null || value === undefined || value === false) {
            return "–";
        }
        switch (format) {
            case "count":
                return formatFloat(value, {digits: [false, 0]});
            case "percent":
                return `${formatFloat(value, {digits: [false, 1]})} %`;
            case "hours":
                return `${formatFloat(value, {digits: [false, 1]})} h`;
            case "rating":
                return formatFloat(value, {digits: [false, 2]});
            case "monetary":
                return this.formatMoney(value);
            default:
                return formatFloat(value, {digits: [false, 2]});
        }
    }

    /** An amount in the currency of the cost card (the reader's company's). */
    formatMoney(value) {
        const currency = this.state.data.cost?.currency || {};
        const amount = formatFloat(value, {digits: [false, currency.digits ?? 2]});
        if (!currency.symbol) {
            return amount;
        }
        return currency.position === "before"
            ? `${currency.symbol} ${amount}`
            : `${amount} ${currency.symbol}`;
    }

    formatDelta(kpi) {
        if (kpi.delta === null || kpi.delta === undefined) {
            return "";
        }
        const sign = kpi.delta > 0 ? "+" : kpi.delta < 0 ? "−" : "±";
        const magnitude = this.format(Math.abs(kpi.delta), kpi.format);
        return kpi.format === "percent"
            ? `${sign}${magnitude.replace(" %", "")} pt`
            : `${sign}${magnitude}`;
    }

    deltaIcon(kpi) {
        if (!kpi.delta) {
            return "fa-arrows-h";
        }
        return kpi.delta > 0 ? "fa-arrow-up" : "fa-arrow-down";
    }

    deltaClass(kpi) {
        if (!kpi.delta || !kpi.better) {
            return "text-muted";
        }
        const good = kpi.delta > 0 === (kpi.better === "up");
        return good ? "text-success" : "text-danger";
    }

    // ------------------------------------------------------------ charts

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.state.data;
        if (!data) {
            return;
        }
        const colors = {cases: "#017e84", sla_compliance: "#4caf50", rating: "#f0ad4e"};
        for (const serie of data.charts.series) {
            const canvas = this.chartRefs[serie.key]?.el;
            if (!canvas) {
                continue;
            }
            const isVolume = serie.format === "count";
            const scale = {beginAtZero: true};
            if (serie.format === "percent") {
                scale.max = 100;
            } else if (serie.format === "rating") {
                scale.max = 5;
            }
            this.charts.push(
                new Chart(canvas, {
                    type: isVolume ? "bar" : "line",
                    data: {
                        labels: data.charts.labels,
                        datasets: [
                            {
                                label: serie.label,
                                data: serie.values,
                                backgroundColor: colors[serie.key],
                                borderColor: colors[serie.key],
                                spanGaps: true,
                                tension: 0.2,
                            },
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        animation: false,
                        plugins: {legend: {display: false}},
                        scales: {y: scale},
                    },
                })
            );
        }
    }
}

registry.category("actions").add("aftersales_quality.dashboard", QualityDashboard);
