"""Takes the screenshots of the main screens shown in the addons' readme and Apps pages.

Run by setup/screenshots, which serves a database with the demo data; this script drives
headless Chromium over its DevTools protocol, logged in as the demo user of each screen's role,
and writes <addon>/static/description/<name>.png (1440x900, the size the issue reviews use).

    python setup/screenshots.py --url http://127.0.0.1:PORT --db DB [--lang zh_CN] [--out DIR]

With --lang the demo users see the screens in that language (their preference is set for the
session of the screenshot, then put back) and the pictures go to --out (default
.local/screenshots/<lang>/), not into the addons.
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1440, 900


class Chromium:
    """A headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self):
        binary = next(
            (
                shutil.which(name)
                for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)
            ),
            None,
        )
        if not binary:
            sys.exit("Chromium is needed for the screenshots (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="aftersales-shots-")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = self._devtools_port()
        targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _devtools_port(self):
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.time() + 30
        while time.time() < deadline:
            if port_file.exists() and port_file.read_text().strip():
                return int(port_file.read_text().split()[0])
            time.sleep(0.2)
        self.close()
        sys.exit("Chromium did not start")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if result.get("exceptionDetails"):
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, condition, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!({condition})"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"timed out waiting for {condition}")

    def screenshot(self, path):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        image = Image.open(io.BytesIO(data)).convert("RGB")
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, format="PNG", optimize=True)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Odoo:
    """A JSON-RPC session of one demo user on the served database."""

    def __init__(self, url, db, login):
        self.url = url
        self.session = requests.Session()
        response = self.session.post(
            f"{url}/web/session/authenticate",
            json={"params": {"db": db, "login": login, "password": login}},
            timeout=60,
        ).json()
        if not response.get("result"):
            sys.exit(f"cannot log in as {login}: {response.get('error')}")
        self.uid = response["result"]["uid"]
        self.session_id = self.session.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        response = self.session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={"params": {"model": model, "method": method, "args": args, "kwargs": kwargs}},
            timeout=60,
        ).json()
        if "error" in response:
            raise RuntimeError(f"{model}.{method}: {response['error']['data']['message']}")
        return response["result"]

    def first(self, model, domain, order="id"):
        ids = self.call(model, "search", domain, limit=1, order=order)
        if not ids:
            raise RuntimeError(f"no {model} matching {domain} in the demo data")
        return ids[0]


WEBCLIENT_READY = (
    "document.querySelector('.o_action_manager > .o_action') "
    "&& !document.querySelector('.o_loading_indicator, .o_blockUI')"
)


def scan_first_expected_return(browser, odoo):
    """On the receiving screen: scan an approved return's reference, as the scanner would."""
    ra = odoo.call(
        "aftersales.return",
        "search_read",
        [("state", "=", "approved")],
        ["name"],
        limit=1,
        order="id",
    )
    if not ra:
        return
    browser.evaluate(
        "(() => { const input = document.querySelector('.o_as_scan_input');"
        f" input.value = {json.dumps(ra[0]['name'])};"
        " input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));"
        " })()"
    )
    browser.wait_for("document.querySelector('.o_as_ra_name')")


# the shots taken on a phone, at its screen size (the others at WIDTH x HEIGHT)
PHONE_SHOTS = {"receiving_screen_phone": (390, 844)}

# (file name, addon, demo login, url builder, extra step)
SHOTS = [
    (
        "case_list",
        "aftersales_flow",
        "manager",
        lambda o: "/odoo/action-aftersales_flow.action_aftersales_case?view_type=list",
        None,
    ),
    (
        "case_form",
        "aftersales_flow",
        "manager",
        lambda o: (
            "/odoo/action-aftersales_flow.action_aftersales_case/"
            + str(
                o.first(
                    "helpdesk.ticket", [("aftersales_resolution_plan_ids", "!=", False)], "id desc"
                )
            )
        ),
        None,
    ),
    (
        "return_authorization",
        "aftersales_returns",
        "manager",
        lambda o: (
            "/odoo/action-aftersales_returns.action_aftersales_return/"
            + str(o.first("aftersales.return", [("state", "=", "received")]))
        ),
        None,
    ),
    (
        "receiving_screen",
        "aftersales_returns",
        "inspector",
        lambda o: "/odoo/action-aftersales_returns.action_receive_returns",
        scan_first_expected_return,
    ),
    (
        "receiving_screen_phone",
        "aftersales_returns",
        "inspector",
        lambda o: "/odoo/action-aftersales_returns.action_receive_returns",
        scan_first_expected_return,
    ),
    (
        "quality_dashboard",
        "aftersales_quality",
        "quality",
        lambda o: "/odoo/action-aftersales_quality.action_quality_dashboard",
        None,
    ),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--lang")
    parser.add_argument("--out")
    parser.add_argument("--only", help="comma-separated shot names")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    out_dir = Path(args.out) if args.out else None
    if args.lang and not out_dir:
        out_dir = REPO / ".local" / "screenshots" / args.lang
    browser = Chromium()
    try:
        for name, addon, login, url_of, step in SHOTS:
            if only and name not in only:
                continue
            if not (REPO / addon / "__manifest__.py").exists():
                continue
            odoo = Odoo(args.url, args.db, login)
            previous_lang = None
            if args.lang:
                previous_lang = odoo.call("res.users", "read", [odoo.uid], ["lang"])[0]["lang"]
                odoo.call("res.users", "write", [odoo.uid], {"lang": args.lang})
            try:
                browser.call("Network.clearBrowserCookies")
                browser.call(
                    "Network.setCookie",
                    name="session_id",
                    value=odoo.session_id,
                    url=args.url,
                )
                width, height = PHONE_SHOTS.get(name, (WIDTH, HEIGHT))
                browser.call(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=height,
                    deviceScaleFactor=1,
                    mobile=name in PHONE_SHOTS,
                )
                browser.call("Page.navigate", url=args.url + url_of(odoo))
                time.sleep(1)
                browser.wait_for(WEBCLIENT_READY)
                if step:
                    step(browser, odoo)
                # let the last renders and fonts settle
                time.sleep(1.5)
                browser.wait_for(WEBCLIENT_READY)
                target = (out_dir or REPO / addon / "static" / "description") / f"{name}.png"
                browser.screenshot(target)
                print(f"{os.path.relpath(target, REPO)}  ({login})")
            finally:
                if previous_lang:
                    odoo.call("res.users", "write", [odoo.uid], {"lang": previous_lang})
    finally:
        browser.close()


if __name__ == "__main__":
    main()
