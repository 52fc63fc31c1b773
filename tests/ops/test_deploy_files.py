"""The deployment files: systemd units that systemd accepts and a proxy example that
sets the headers the portal trusts. (The environment table is checked against the
settings in tests/test_docs.py.)"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.support import ROOT

DEPLOY = ROOT / "deploy"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    # The units name /opt/kulturskoleportal and its .venv; here the checkout and the
    # virtualenv running the tests (wherever it is) stand in for them, so the programs
    # the units start (gunicorn, celery, python) exist and are checked.
    venv_bin = Path(sys.executable).parent
    assert (venv_bin / "gunicorn").exists() and (venv_bin / "celery").exists()
    for unit in UNITS:
        text = unit.read_text()
        assert text.count(".venv") == text.count("/opt/kulturskoleportal/.venv/bin/"), unit.name
        text = (text.replace("/opt/kulturskoleportal/.venv/bin", str(venv_bin))
                .replace("/opt/kulturskoleportal", str(ROOT)))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no",
                             *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=120)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if "kulturskoleportal" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_the_units_run_the_portal():
    names = {unit.name for unit in UNITS}
    assert {"kulturskoleportal-web.service", "kulturskoleportal-worker.service",
            "kulturskoleportal-beat.service", "kulturskoleportal-health.timer",
            "kulturskoleportal-backup.timer"} <= names
    web = (DEPLOY / "kulturskoleportal-web.service").read_text()
    assert "gunicorn sjuharad.wsgi --bind 127.0.0.1:8000" in web


def test_the_proxy_example_sets_the_headers_the_portal_trusts():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Request-ID $request_id;" in conf
