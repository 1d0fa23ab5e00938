"""How the suite presents itself in Apps and installs: every aftersales_* addon of the
repository, present and future, has an icon, a description page and a wheel definition, and
the icons the web client asks for (Apps, the After-Sales settings app) are served."""

import io
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import HttpCase

REPO = Path(__file__).resolve().parent.parent
ADDON_DIRS = sorted(p.parent for p in REPO.glob("aftersales_*/__manifest__.py"))


@tagged("post_install", "-at_install")
class TestPackaging(HttpCase):
    def _installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "aftersales\\_%"), ("state", "=", "installed")]
        )
        self.assertTrue(modules)
        return modules

    def test_every_addon_is_packaged_and_listed(self):
        lib = (REPO / "setup" / "lib.sh").read_text()
        listed = re.search(r"^ADDONS=(\S+)", lib, re.M).group(1).split(",")
        for addon_dir in ADDON_DIRS:
            with self.subTest(addon=addon_dir.name):
                self.assertIn(addon_dir.name, listed, "setup/lib.sh ADDONS")
                pyproject = (addon_dir / "pyproject.toml").read_text()
                self.assertIn("whool", pyproject)
                for name in ("README.rst", "static/description/index.html"):
                    self.assertTrue((addon_dir / name).is_file(), name)
                html = (addon_dir / "static/description/index.html").read_text()
                for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
                    if "//" not in src:
                        self.assertTrue(
                            (addon_dir / "static/description" / src).is_file(),
                            f"index.html shows {src}",
                        )

    def test_readme_and_icons_in_sync(self):
        for script in ("readme.py", "icons.py"):
            result = subprocess.run(
                [sys.executable, str(REPO / "setup" / script), "--check"],
                capture_output=True,
                text=True,
                check=False,
            )
            self.assertEqual(result.returncode, 0, f"setup/{script} --check: {result.stdout}")

    def test_icons_served_for_apps_and_settings(self):
        for module in self._installed():
            with self.subTest(module=module.name):
                # Apps shows the icon of the module's own folder, not Odoo's default one
                self.assertEqual(module.icon, f"/{module.name}/static/description/icon.png")
                response = self.url_open(module.icon)
                self.assertEqual(response.status_code, 200, module.icon)
                image = Image.open(io.BytesIO(response.content))
                self.assertEqual((image.format, image.size), ("PNG", (128, 128)))
                self.assertTrue(module.icon_image)
        # the settings page shows each <app> with /<name>/static/description/icon.png
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]
        apps = re.findall(r'<app [^>]*name="(aftersales_\w+)"', arch["arch"])
        self.assertIn("aftersales_flow", apps)
        for name in apps:
            response = self.url_open(f"/{name}/static/description/icon.png")
            self.assertEqual(response.status_code, 200, name)

    def test_description_page_in_apps(self):
        for module in self._installed():
            with self.subTest(module=module.name):
                path = Path(get_module_path(module.name))
                self.assertTrue((path / "static/description/index.html").is_file())
                # Odoo shows index.html: the manifest's name as title, the readme's text
                self.assertIn(module.shortdesc, module.description_html)
                description = (path / "readme" / "DESCRIPTION.md").read_text()
                first_words = " ".join(re.sub(r"[`*]", "", description).split()[:4])
                self.assertIn(first_words, re.sub(r"<[^>]+>", "", module.description_html))
                # a screenshot is served from static/description by its bare name
                for src in re.findall(r'<img[^>]+src="(/[^"]+)"', module.description_html):
                    if src.startswith(f"/{module.name}/"):
                        self.assertEqual(self.url_open(src).status_code, 200, src)
