"""The documentation site (mkdocs.yml, docs/) holds to what the code does.

- The one environment table (docs/operators/configuration.md) names exactly the
  variables the portal reads, and marks the ones production requires.
- Every picture a user guide shows exists, and every picture the browser suite takes
  for the guides (tests/browser/test_guide_screenshots.py) is shown by one.
- `mkdocs build --strict` passes: no broken link, missing page, unknown anchor or page
  left out of the navigation; and the built pages fetch nothing from another site.
"""

import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CONFIGURATION = DOCS / "operators" / "configuration.md"
GUIDE_IMAGES = DOCS / "img" / "guide"

# A variable read by the portal's code: the core/env.py helpers and os.environ reads
# (os.environ.setdefault in manage.py and wsgi.py writes DJANGO_SETTINGS_MODULE, it
# does not configure anything).
READS = re.compile(r"""(?:\benv(?:str|bool|int|list)\(|os\.environ\.get\(|os\.environ\[|getenv\()"""
                   r"""\s*['"]([A-Z][A-Z0-9_]*)['"]""")
# The suite's settings and tools read variables of their own (see docs/developers/testing.md).
NOT_THE_PORTAL = {".venv", "tests", "bench", "site", "var", "node_modules"}


def portal_sources():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_THE_PORTAL or relative == Path("sjuharad/test_settings.py"):
            continue
        yield path


def variables_read():
    read = {}
    for path in portal_sources():
        for name in READS.findall(path.read_text()):
            read.setdefault(name, str(path.relative_to(ROOT)))
    return read


def table_rows():
    """{variable: required?} from the table under "Environment variables"."""
    text = CONFIGURATION.read_text()
    section = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            assert name not in rows, f"{name} is in the table twice"
            rows[name] = cells[1] == "yes"
    return rows


def test_the_environment_table_names_every_variable_the_portal_reads():
    read = variables_read()
    rows = table_rows()
    # The scan itself works: it finds variables of the settings, of a command, read
    # with each helper.
    assert {"SECRET_KEY", "DEBUG", "EMAIL_PORT", "ALLOWED_HOSTS", "DB_LOCK_TIMEOUT_MS",
            "PORTAL_ADDR"} <= set(read)
    missing = sorted(f"{name} (read in {where})" for name, where in read.items()
                     if name not in rows)
    assert not missing, f"docs/operators/configuration.md does not describe {missing}"
    unread = sorted(set(rows) - set(read))
    assert not unread, f"the table describes variables nothing reads: {unread}"


def test_the_environment_table_marks_what_production_requires():
    rows = table_rows()
    required = {name for name, is_required in rows.items() if is_required}
    assert required == set(settings.REQUIRED_IN_PRODUCTION)


def guide_pages():
    return sorted((DOCS / "guide").glob("*.md"))


def images_shown(page):
    return set(re.findall(r"!\[[^\]]*\]\(([^)\s]+)", page.read_text()))


def test_every_picture_a_guide_shows_exists():
    shown = 0
    for page in guide_pages():
        for target in images_shown(page):
            shown += 1
            assert (page.parent / target).resolve().is_file(), f"{page.name} shows {target}"
    assert shown >= 8


def test_every_guide_picture_is_shown_by_a_guide():
    shown = {(page.parent / target).resolve() for page in guide_pages()
             for target in images_shown(page)}
    taken = set(GUIDE_IMAGES.glob("*.png"))
    assert taken, "no pictures: run pytest tests/browser/test_guide_screenshots.py"
    unused = sorted(path.name for path in taken if path.resolve() not in shown)
    assert not unused, f"pictures no guide shows: {unused}"


def test_the_guide_pictures_are_the_ones_the_browser_suite_takes():
    # Only the browser suite makes them (from the demo data), so none drifts from the portal.
    source = (ROOT / "tests" / "browser" / "test_guide_screenshots.py").read_text()
    listed = set(re.findall(r'"([a-z0-9-]+\.png)"', source))
    assert {path.name for path in GUIDE_IMAGES.glob("*.png")} == listed


def test_the_site_builds_strictly_and_loads_nothing_from_elsewhere(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stderr.strip(), result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 20
    external = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="""
                          r"""["'](?:https?:)?//""")
    fetching = sorted(str(page.relative_to(tmp_path)) for page in pages
                      if external.search(page.read_text()))
    assert not fetching, f"pages that fetch from another site: {fetching}"


def test_the_readme_is_a_short_page_whose_links_all_exist():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 150
    # It points into the repository only, and carries no work log.
    assert "../" not in readme
    assert not re.search(r"\bissues? \d+|#\d+\b", readme, re.IGNORECASE)
    targets = re.findall(r"\]\(([^)#\s]+)", readme)
    assert len(targets) > 10
    missing = [t for t in targets if "://" not in t and not (ROOT / t).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"
