"""Stand-in for setuptools' ``pkg_resources`` (removed from setuptools 81 on).

gevent 22.10 (the version Odoo 19 pins) imports it only to list the plugins of its
monkey-patching (``iter_entry_points``): without it Odoo's websocket worker dies at
start and a multi-process server respawns it forever. setup/run and setup/loadtest put
this folder on PYTHONPATH only when the real module is missing.
"""

from importlib.metadata import entry_points


def iter_entry_points(group, name=None):
    for entry_point in entry_points(group=group):
        if name is None or entry_point.name == name:
            yield entry_point
