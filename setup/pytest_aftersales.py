"""pytest plugin used by setup/test.

Odoo's own runner attributes a test to the addon that defines it.  pytest, by
contrast, also runs test methods a class merely inherits from another addon
(``helpdesk_mgmt``'s JS test class inherits the whole ``web`` suite, whose
filters only work under Odoo's runner).  Deselect those, as Odoo does, so each
addon runs exactly its own tests; they are reported as deselected.
"""

import pytest


def _addon_of(module_name):
    parts = (module_name or "").split(".")
    if len(parts) > 2 and parts[:2] == ["odoo", "addons"]:
        return parts[2]
    return None


def pytest_collection_modifyitems(config, items):
    kept, foreign = [], []
    for item in items:
        function = getattr(item, "function", None)
        module = getattr(item, "module", None)
        owner = _addon_of(getattr(function, "__module__", None))
        here = _addon_of(getattr(module, "__name__", None))
        if owner and here and owner != here:
            foreign.append(item)
        else:
            kept.append(item)
    if foreign:
        config.hook.pytest_deselected(items=foreign)
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_report_header(config):
    return "aftersales: tests inherited from another addon are deselected (run there)"
