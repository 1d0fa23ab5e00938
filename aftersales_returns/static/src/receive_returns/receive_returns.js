import {Component, onMounted, onWillStart, useExternalListener, useRef, useState} from "@odoo/owl";
import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {browser} from "@web/core/browser/browser";
import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {SIZES} from "@web/core/ui/ui_service";
import {useBus, useService} from "@web/core/utils/hooks";
import {useDebounced} from "@web/core/utils/timing";
import {url} from "@web/core/utils/urls";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const MODEL = "aftersales.return.scan";
const STORAGE_KEY = "aftersales_returns.receive_return_id";
/**
 * The grade keys, in the order of the grades. The web client's hotkeys are Alt (or Ctrl on
 * macOS) with a letter, a digit or a navigation key, and a scanner types printable characters
 * then Enter or Tab: function keys are used by neither, so they never take a digit that
 * starts a barcode nor move the focus out of the scan field.
 */
const GRADE_KEYS = ["F1", "F2", "F3", "F4"];

/**
 * Receive returns: the inspector scans a return authorization, then its goods. Every scan is
 * one call to the server, which keeps it: a refresh reloads the return as it was.
 */
export class ReceiveReturns extends Component {
    static template = "aftersales_returns.ReceiveReturns";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.input = useRef("scanInput");
        this.ui = useState(useService("ui"));
        this.gradeKeys = GRADE_KEYS;
        this.state = useState({
            ra: null,
            expected: [],
            expectedMore: false,
            expectedSearch: "",
            quantity: 1,
            lastLineId: false,
            message: _t("Scan a return authorization, its receipt or its tracking number."),
            status: "info",
            busy: false,
        });
        this.pendingScans = [];
        this.grades = [
            ["resellable", _t("Resellable")],
            ["damaged", _t("Damaged")],
            ["defective", _t("Defective")],
            ["missing_parts", _t("Missing Parts")],
        ];
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        useExternalListener(window, "keydown", (ev) => this.onGradeKey(ev), {capture: true});
        this.debouncedLoadExpected = useDebounced(() => this.loadExpected(), 300);
        onWillStart(async () => {
            const fileExtension = new Audio().canPlayType("audio/ogg") ? "ogg" : "mp3";
            this.errorSound = new Audio(url(`/barcodes/static/src/audio/error.${fileExtension}`));
            const returnId = parseInt(browser.sessionStorage.getItem(STORAGE_KEY));
            if (returnId) {
                try {
                    this.setReturn(await this.orm.call(MODEL, "load_return", [returnId]));
                } catch {
                    browser.sessionStorage.removeItem(STORAGE_KEY);
                }
            }
            if (!this.state.ra) {
                await this.loadExpected();
            }
        });
        onMounted(() => this.focusInput());
    }

    focusInput() {
        this.input.el?.focus();
    }

    /** Under 576 px wide (a phone), each expected line is a card. */
    get isPhone() {
        return this.ui.size < SIZES.SM;
    }

    /** A click anywhere but in a field gives the focus back to the scan field. */
    onScreenClick(ev) {
        if (!ev.target.closest("input, textarea, select, label, .modal")) {
            this.focusInput();
        }
    }

    /** Add a dialog; when it closes, the focus goes back to the scan field. */
    openDialog(props) {
        // the dialog gives the focus back to the element focused when it opened
        this.focusInput();
        this.dialog.add(ConfirmationDialog, props, {onClose: () => this.focusInput()});
    }

    onGradeKey(ev) {
        const index = GRADE_KEYS.indexOf(ev.key);
        if (index < 0 || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) {
            return;
        }
        // a dialog open on the screen has the keyboard
        if (this.ui.activeElement !== document || !this.state.ra) {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        const line = this.state.ra.lines.find((l) => l.id === this.state.lastLineId);
        if (!line) {
            this.feedback(
                "warning",
                _t("Scan a product first: the grade key applies to the line scanned last.")
            );
            this.focusInput();
            return;
        }
        this.setGrade(line, this.grades[index][0]);
    }

    // ------------------------------------------------------------ expected returns

    async loadExpected() {
        try {
            const result = await this.orm.call(MODEL, "expected_returns", [], {
                search: this.state.expectedSearch,
            });
            this.state.expected = result.returns;
            this.state.expectedMore = result.more;
        } catch (error) {
            this.feedback("danger", error.data?.message || error.message);
        }
    }

    onExpectedSearch(ev) {
        this.state.expectedSearch = ev.target.value;
        this.debouncedLoadExpected();
    }

    async onExpectedSearchKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.state.expectedSearch = ev.target.value;
            await this.loadExpected();
            if (this.state.expected.length === 1) {
                await this.openExpected(this.state.expected[0]);
            }
        }
    }

    /** Tapping an expected return opens it as if its label was scanned. */
    async openExpected(ra) {
        await this.onScan(ra.name);
    }

    expectedDate(ra) {
        if (ra.pickup_date) {
            return _t("Pickup %(date)s", {
                date: formatDateTime(deserializeDateTime(ra.pickup_date)),
            });
        }
        if (ra.receipt_deadline) {
            return _t("Receipt due %(date)s", {
                date: formatDateTime(deserializeDateTime(ra.receipt_deadline)),
            });
        }
        return "";
    }

    setReturn(ra) {
        this.state.ra = ra;
        browser.sessionStorage.setItem(STORAGE_KEY, ra.id);
        this.state.status = ra.can_receive ? "info" : "warning";
        this.state.message = ra.can_receive
            ? _t("Scan the returned products.")
            : _t("%(ra)s is %(state)s: scanning is closed.", {
                  ra: ra.name,
                  state: ra.state_label,
              });
    }

    feedback(status, message) {
        this.state.status = status;
        this.state.message = message;
        if (status === "danger") {
            this.errorSound.currentTime = 0;
            this.errorSound.play().catch(() => {});
        }
    }

    updateLine(line) {
        const index = this.state.ra.lines.findIndex((l) => l.id === line.id);
        if (index >= 0) {
            this.state.ra.lines[index] = line;
        }
        this.state.lastLineId = line.id;
    }

    async onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            const barcode = ev.target.value;
            ev.target.value = "";
            await this.onScan(barcode);
        }
    }

    async onScan(barcode, confirmOver = false) {
        barcode = (barcode || "").trim();
        if (!barcode) {
            return;
        }
        if (this.state.busy) {
            // a scanner does not wait for the server: handle the scan after the current one
            this.pendingScans.push(barcode);
            return;
        }
        this.state.busy = true;
        try {
            if (!this.state.ra) {
                this.setReturn(await this.orm.call(MODEL, "open_return", [barcode]));
                this.state.lastLineId = false;
                return;
            }
            const quantity = parseFloat(this.state.quantity) || 1;
            const result = await this.orm.call(MODEL, "scan", [this.state.ra.id, barcode], {
                quantity,
                line_id: this.state.lastLineId,
                confirm_over: confirmOver,
            });
            await this.handleResult(result, barcode);
        } catch (error) {
            const message = error.data?.message || error.message;
            if (error.exceptionName || error.data?.name) {
                this.feedback("danger", message);
            } else {
                throw error;
            }
        } finally {
            this.state.busy = false;
            this.focusInput();
        }
        if (this.pendingScans.length) {
            await this.onScan(this.pendingScans.shift());
        }
    }

    async handleResult(result, barcode) {
        if (result.status === "open") {
            this.setReturn(await this.orm.call(MODEL, "load_return", [result.return_id]));
            this.state.lastLineId = false;
        } else if (result.status === "refused") {
            this.feedback("danger", result.message);
        } else if (result.status === "confirm") {
            this.feedback("warning", result.message);
            if (result.can_confirm) {
                this.openDialog({
                    title: _t("More than authorized"),
                    body: _t("%(message)s Receive it anyway? It will be flagged on the return.", {
                        message: result.message,
                    }),
                    confirmLabel: _t("Receive Anyway"),
                    confirm: () => this.onScan(barcode, true),
                    cancel: () => {},
                });
            } else {
                this.feedback(
                    "danger",
                    _t("%(message)s Ask an inventory manager to confirm it.", {
                        message: result.message,
                    })
                );
            }
        } else {
            this.state.quantity = 1;
            this.updateLine(result.line);
            this.feedback("success", result.message);
        }
    }

    async setGrade(line, grade) {
        try {
            this.updateLine(await this.orm.call(MODEL, "set_grade", [line.id, grade]));
            this.feedback("success", _t("%(product)s graded.", {product: line.product}));
        } catch (error) {
            this.feedback("danger", error.data?.message || error.message);
        }
        this.focusInput();
    }

    async saveNote(line, ev) {
        const note = ev.target.value;
        if (note.trim() === line.note) {
            return;
        }
        try {
            this.updateNoteOrPhoto(await this.orm.call(MODEL, "set_note", [line.id, note]));
            this.feedback("success", _t("%(product)s: note saved.", {product: line.product}));
        } catch (error) {
            ev.target.value = line.note;
            this.feedback("danger", error.data?.message || error.message);
        }
    }

    async onNoteKeydown(line, ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            // saved by the change event of the blur
            this.focusInput();
        }
    }

    async addPhotos(line, ev) {
        const files = [...ev.target.files];
        ev.target.value = "";
        for (const file of files) {
            try {
                const data = await this.readAsDataURL(file);
                this.updateNoteOrPhoto(
                    await this.orm.call(MODEL, "add_photo", [line.id, file.name, data])
                );
                this.feedback(
                    "success",
                    _t("%(product)s: photo %(name)s saved.", {
                        product: line.product,
                        name: file.name,
                    })
                );
            } catch (error) {
                this.feedback("danger", error.data?.message || error.message);
            }
        }
        this.focusInput();
    }

    readAsDataURL(file) {
        return new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result);
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(file);
        });
    }

    /** A note or a photo does not move the "line scanned last" a grade barcode applies to. */
    updateNoteOrPhoto(line) {
        const index = this.state.ra.lines.findIndex((l) => l.id === line.id);
        if (index >= 0) {
            this.state.ra.lines[index] = line;
        }
    }

    async onPrintGradeBarcodes() {
        try {
            await this.action.doAction(
                await this.orm.call(MODEL, "print_grade_barcodes", [this.state.ra?.id || false])
            );
        } finally {
            this.focusInput();
        }
    }

    onValidate() {
        this.openDialog({
            title: _t("Validate the parcel"),
            body: _t(
                "The goods scanned are received. What was not scanned stays expected: the return remains open for the next parcel until everything arrived or the receipt is closed."
            ),
            confirmLabel: _t("Validate"),
            confirm: async () => {
                try {
                    this.setReturn(await this.orm.call(MODEL, "validate", [this.state.ra.id]));
                    this.feedbackReceived();
                } catch (error) {
                    this.feedback("danger", error.data?.message || error.message);
                }
            },
            cancel: () => {},
        });
    }

    onCloseReceipt() {
        this.openDialog({
            title: _t("Close the receipt"),
            body: _t(
                "Nothing more will come for this return: what was not received is recorded as missing and the agent is told."
            ),
            confirmLabel: _t("Close the receipt"),
            confirm: async () => {
                try {
                    this.setReturn(await this.orm.call(MODEL, "close_receipt", [this.state.ra.id]));
                    this.feedbackReceived();
                } catch (error) {
                    this.feedback("danger", error.data?.message || error.message);
                }
            },
            cancel: () => {},
        });
    }

    feedbackReceived() {
        if (this.state.ra.can_receive) {
            this.feedback(
                "info",
                _t(
                    "Parcel received: the rest is still expected. Scan the next parcel, or close the receipt if nothing more will come."
                )
            );
        } else {
            this.feedback(
                this.state.ra.discrepancy ? "warning" : "success",
                this.state.ra.discrepancy
                    ? _t("Received with discrepancies: the agent was notified.")
                    : _t("Received: everything arrived as authorized.")
            );
        }
    }

    onClose() {
        browser.sessionStorage.removeItem(STORAGE_KEY);
        this.state.ra = null;
        this.state.lastLineId = false;
        this.feedback(
            "info",
            _t("Scan a return authorization, its receipt or its tracking number.")
        );
        this.focusInput();
        this.loadExpected();
    }

    lineClass(line) {
        const classes = [];
        if (line.id === this.state.lastLineId) {
            classes.push(
                this.isPhone ? "border-info border-2 o_as_last_line" : "table-info o_as_last_line"
            );
        }
        if (line.qty_scanned > line.quantity) {
            classes.push("text-danger");
        } else if (line.qty_scanned === line.quantity) {
            classes.push("o_as_line_done");
        }
        return classes.join(" ");
    }
}

registry.category("actions").add("aftersales_receive_returns", ReceiveReturns);
