"""The demo identity provider (demo_idp/) in a second process, for the sign-in round trips.

Its own SQLite database in a temporary folder, migrated and loaded once per module (the
portal's live server address is known by then); the server itself starts per test, on a
free port and on that test's clock (tests/clock.py), so the ID tokens it signs are neither
expired nor from the future for the portal under test.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from allauth.socialaccount.models import SocialApp

from accounts.demo import demo_saml_settings
from schools.models import Municipality
from tests import clock

IDP_DIR = Path(__file__).resolve().parent.parent / "demo_idp"
PASSWORD = "demo-idp"
# Starts the demo provider's manage.py on the clock the test passes in its environment.
ON_TEST_CLOCK = """
import os, runpy, sys, time
import time_machine
time_machine.travel(time.time() + float(os.environ["TEST_CLOCK_SHIFT_SECONDS"]), tick=True).start()
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DEMO_IDP_DATA_DIR"] = str(data_dir)
    return env


def manage(data_dir, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=IDP_DIR, env=_env(data_dir),
                   check=True, capture_output=True)


class DemoIdP:
    def __init__(self, data_dir, port):
        self.data_dir = data_dir
        self.url = f"http://127.0.0.1:{port}"
        self.port = port

    def add_person(self, email, amr=("pwd",), personal_number="", tamper="", acr=""):
        manage(self.data_dir, "add_demo_person", email, "--amr", ",".join(amr),
               "--personal-number", personal_number, "--tamper", tamper, "--acr", acr)

    def configure_portal(self):
        """The portal's two sign-in services, as the demo data makes them for `make run`."""
        apps = {
            "demo-boras": ("Borås stad (demo)", "demo-boras-kommun", "demo-boras-kommun-secret",
                           {"kind": "municipality", "municipality": "1490",
                            "mfa_amr": ["mfa"]}),
            "demo-e-legitimation": ("BankID eller Freja eID (demo)", "demo-e-legitimation",
                                    "demo-e-legitimation-secret",
                                    {"kind": "eid", "mfa_amr": ["bankid"]}),
        }
        for provider_id, (name, client_id, secret, config) in apps.items():
            SocialApp.objects.update_or_create(
                provider="openid_connect", provider_id=provider_id,
                defaults={"name": name, "client_id": client_id, "secret": secret,
                          "settings": {**config, "server_url": self.url}})
        SocialApp.objects.update_or_create(
            provider="saml", provider_id="demo-boras-saml",
            defaults={"name": "Borås stad via SAML (demo)", "client_id": "demo-boras-saml",
                      "settings": demo_saml_settings(self.url)})
        Municipality.objects.filter(scb_code="1490").update(email_domains="demo.example")


@pytest.fixture(scope="module")
def demo_idp_data(live_server, tmp_path_factory):
    template = tmp_path_factory.mktemp("demo-idp-template")
    manage(template, "migrate", "--noinput", "-v0")
    manage(template, "load_demo_idp", "--portal-url", live_server.url)
    return template


@pytest.fixture
def demo_idp(demo_idp_data, tmp_path, schools):
    data_dir = tmp_path / "demo-idp"
    shutil.copytree(demo_idp_data, data_dir)
    port = free_port()
    env = {**_env(data_dir), **clock.shift_for_subprocesses()}
    log = (tmp_path / "demo-idp.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", ON_TEST_CLOCK, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=IDP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    idp = DemoIdP(data_dir, port)
    deadline = time.monotonic() + 30
    while True:  # until the provider answers its discovery URL
        try:
            if requests.get(idp.url + "/.well-known/openid-configuration", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the demo identity provider did not start: "
                        + (tmp_path / "demo-idp.log").read_text()[-2000:])
        time.sleep(0.1)
    idp.configure_portal()
    yield idp
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
