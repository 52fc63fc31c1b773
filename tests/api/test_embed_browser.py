"""The embed inside a page served from another origin: shown where the coordinator allowed
that site, refused where not; accessible at 320 and 1280 px; it asks its host to fit it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.models import EmbedOrigin
from tests.browser_support import open_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Borås stad – Kulturskolan</title></head>
<body><main><h1>Kulturskolan</h1>
<iframe id="embed" src="{src}" title="Kulturskolans kurser" style="width:100%;border:0"></iframe>
</main>
<script>
window.addEventListener('message', function (e) {{
  if (e.origin !== '{portal}' || !e.data || e.data.type !== 'kulturskoleportal:resize') return;
  document.getElementById('embed').height = e.data.height;
}});
</script></body></html>"""


@pytest.fixture
def municipal_site(live_server):
    """A second tiny HTTP server on another port (another origin) with a page that frames
    the embed, as a municipality's website would."""
    src = live_server.url + "/inbaddning/skola/boras/"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = HOST_PAGE.format(src=src, portal=live_server.url).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def embed_frame(page, live_server):
    return next((f for f in page.frames if f.url.startswith(live_server.url)), None)


@pytest.mark.parametrize("width", [320, 1280])
def test_an_allowed_site_shows_the_embed(browser, live_server, municipal_site, world, axe,
                                         width):
    EmbedOrigin.objects.create(origin=municipal_site, description="Borås stad")
    context, violations = open_context(browser, live_server, {"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(municipal_site)
        frame = page.frame_locator("#embed")
        frame.get_by_role("heading", level=1).wait_for()
        assert frame.get_by_role("link", name="Harpa för nybörjare").is_visible()
        assert frame.get_by_role("link", name="Vårkonsert").is_visible()
        # The embed told its host how tall it is, and the host's iframe grew to fit it.
        page.wait_for_function("document.getElementById('embed').height > 200")
        axe.check(embed_frame(page, live_server))
        assert not violations, violations
    finally:
        context.close()


def test_a_site_not_allowed_is_refused(browser, live_server, municipal_site, world):
    EmbedOrigin.objects.create(origin="https://www.boras.se")  # another site is allowed
    context, violations = open_context(browser, live_server)
    try:
        page = context.new_page()
        page.goto(municipal_site)
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="Kulturskolan").is_visible()
        # The browser refused to render the portal's page in the frame (CSP frame-ancestors).
        assert embed_frame(page, live_server) is None or not embed_frame(
            page, live_server).locator("h1").count()
        assert any("frame-ancestors" in v for v in violations), violations
    finally:
        context.close()
