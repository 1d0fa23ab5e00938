"""Install Odoo's own requirements.txt into the current interpreter, robustly.

Odoo pins the versions packaged by Debian/Ubuntu.  A few of those exact pins no
longer build from today's registry on every Python (sdists that import
``pkg_resources`` at build time, packages without wheels for this Python).  We
install everything in one pip run when possible; otherwise each requirement is
retried on its own: pinned with a build environment that still ships
``pkg_resources``, then the nearest newer release.  A requirement that cannot
be installed at all stops the bootstrap: Odoo needs every one of them.
"""

import os
import re
import subprocess
import sys
import tempfile

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement

# setuptools 81+ dropped pkg_resources, which old setup.py files still import.
LEGACY_BUILD_CONSTRAINT = "setuptools<81\n"
# Optional on Odoo's side (only auth_ldap uses it) and needs LDAP headers.
OPTIONAL = {"python-ldap"}


def applicable_requirements(path):
    env = default_environment()
    for raw in open(path, encoding="utf-8"):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue
        if req.marker is None or req.marker.evaluate(env):
            req.marker = None
            yield req


def pip(*args, extra_env=None):
    env = dict(os.environ, **(extra_env or {}))
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", *args]
    return subprocess.run(cmd, env=env, check=False).returncode == 0


def relaxed(req):
    """The same package at the pinned version or newer."""
    match = re.fullmatch(r"==\s*([\w.]+)", str(req.specifier))
    if not match:
        return req.name
    return f"{req.name}>={match.group(1)}"


def main(path):
    reqs = list(applicable_requirements(path))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as cons:
        cons.write(LEGACY_BUILD_CONSTRAINT)
    legacy = {"PIP_BUILD_CONSTRAINT": cons.name}
    if pip(*map(str, reqs), extra_env=legacy):
        return 0
    failed = []
    for req in reqs:
        if pip(str(req), extra_env=legacy):
            continue
        print(f"[setup] {req} does not install here, trying {relaxed(req)}", flush=True)
        if pip(relaxed(req), extra_env=legacy):
            continue
        if req.name in OPTIONAL:
            print(f"[setup] optional {req.name} skipped (only auth_ldap needs it)", flush=True)
            continue
        failed.append(str(req))
    if failed:
        print("[setup] could not install Odoo requirements: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
