"""Browser journeys: a live Parley on 127.0.0.1, Debian's chromium driven by Playwright, and
axe-core checking every page a journey visits, at desktop width and on a 320-px-wide phone,
where the page must also reflow without scrolling sideways (WCAG 2.1, 1.4.10).

Each test gets a fresh database of its backend (SQLite, and PostgreSQL when
``PARLEY_TEST_DATABASE_URL`` is set) with the demo loaded and CSRF on, as in production. A
journey's screenshots are kept under ``test-artifacts/`` when it fails. In CI (``CI`` set) a
missing chromium, Playwright or axe-core fails the run; elsewhere the journeys are skipped.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.e2e import form_coverage
from tests.unavailable import unavailable

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "parley-demo-2025"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}

# At 320 px no page may scroll sideways (WCAG 2.1, 1.4.10 Reflow). What is wider than the
# viewport inside a scroll container of its own (a table in a `.table-wrap` region, a diff)
# does not widen the page, and is allowed; an absolutely positioned element escapes a scroll
# container that is not its containing block, and is not. The offenders reported are the
# outermost elements that stick out, and text too long for its line, widest first.
REFLOW = """() => {
    const root = document.documentElement, width = root.clientWidth;
    const scroll = Math.max(root.scrollWidth, document.body.scrollWidth);
    if (scroll <= width) return null;
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].map(c => '.' + c).join('');
    const path = el => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement)
            parts.unshift(name(e));
        return parts.join(' > ');
    };
    const sticksOut = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width;
    };
    const free = position => position === 'absolute' || position === 'fixed';
    // is the node clipped by (so scrolls inside) an ancestor scroll container?
    const inScroller = node => {
        let escaping = node.nodeType === 1 && free(getComputedStyle(node).position);
        for (let e = node.parentElement; e && e !== document.body; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (escaping && style.position === 'static') continue;
            if (style.overflowX !== 'visible') return true;
            escaping = free(style.position);
        }
        return false;
    };
    const offends = el => el !== document.body && sticksOut(el) && !inScroller(el);
    const offenders = [...document.body.querySelectorAll('*')]
        .filter(el => offends(el) && !offends(el.parentElement))
        .map(el => ({selector: path(el), right: Math.ceil(el.getBoundingClientRect().right)}));
    // a word or address too long for its line overflows its box without widening it
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const holder = node.parentElement;
        if (!node.data.trim() || sticksOut(holder) || inScroller(node)) continue;
        range.selectNodeContents(node);
        const right = Math.ceil(range.getBoundingClientRect().right);
        if (right > width) offenders.push({selector: path(holder) + ' (its text)', right});
    }
    offenders.sort((a, b) => b.right - a.right);
    return {width, scroll, offenders: offenders.slice(0, 5)};
}"""


def reflow_problem(page, key: str) -> str | None:
    """What makes the page in ``page`` scroll sideways at its current width, or None."""
    found = page.evaluate(REFLOW)
    if found is None:
        return None
    widest = "\n    ".join(f"{o['selector']} (to {o['right']} px)" for o in found["offenders"])
    return (
        f"{key} at {found['width']}px scrolls sideways: the page is {found['scroll']} px wide"
        + (f"; widest elements:\n    {widest}" if widest else "")
    )


def _unavailable(reason: str):
    """In CI a missing tool fails the run (the journeys must not be skipped silently there)."""
    unavailable(f"browser journeys cannot run: {reason}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from package-lock.json into node_modules when missing."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is not installed, so axe-core cannot be installed")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not AXE.is_file():
            _unavailable(f"npm ci failed: {done.stderr.strip()[-500:]}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # any launch failure means no browser
            _unavailable(f"chromium does not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture
def live_app(make_app):
    """The app of a live server: the demo loaded, CSRF on; log-in limits off, since one
    journey signs in several people from one address."""
    app = make_app(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    """A live Parley at http://127.0.0.1:<port>, served in a thread for one test."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
        journey = item.funcargs.get("ui") if hasattr(item, "funcargs") else None
        if report.failed and isinstance(journey, UI):
            report.sections.append(
                ("screenshots", f"screenshots of each step of this journey: {journey.folder}")
            )
            report.longrepr = f"{report.longrepr}\n\nscreenshots: {journey.folder}"
    return report


class UI:
    """One browser context for a journey: steps with screenshots, axe and the reflow check
    on every page."""

    def __init__(self, browser, base_url: str, axe_source: str, folder: Path):
        self.base_url = base_url
        self.axe_source = axe_source
        self.folder = folder
        self.context = browser.new_context(
            base_url=base_url, viewport=DESKTOP, bypass_csp=True, locale="en-GB"
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.steps = 0
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.violations: list[str] = []
        self.overflows: list[str] = []
        self.page.on("framenavigated", self._navigated)
        self.page.on("request", form_coverage.record)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.visited.append(self._key(frame.url))

    def _key(self, url: str) -> str:
        return url.removeprefix(self.base_url)

    # navigation and steps
    def goto(self, path: str):
        response = self.page.goto(path)
        status = response.status if response is not None else None
        assert response is not None and response.ok, f"{path} answered {status}"
        return self.page

    def step(self, name: str) -> None:
        """Record a step: screenshots of what the user sees at desktop width and at 320 px,
        axe at both widths and the reflow check at 320 px."""
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=True)
        self.axe(phone_shot=self.folder / f"{self.steps:02d}-{slug}-320px.png")

    def axe(self, phone_shot: Path | None = None) -> None:
        """Run axe-core at desktop width and at 320 px, recording serious and critical
        violations of the WCAG 2.1 A/AA rules; at 320 px also record a page that scrolls
        sideways, and take ``phone_shot`` when given."""
        key = self._key(self.page.url)
        for size in (DESKTOP, PHONE):
            self.page.set_viewport_size(size)
            if size is PHONE:
                if phone_shot is not None:
                    self.page.screenshot(path=str(phone_shot), full_page=True)
                problem = reflow_problem(self.page, key)
                if problem:
                    self.overflows.append(problem)
            if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
                self.page.evaluate(self.axe_source)
            found = self.page.evaluate(
                """async (tags) => {
                    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                       resultTypes: ['violations']});
                    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.filter(n => ['serious', 'critical'].includes(n.impact))
                                      .map(n => n.target.join(' ') + ': ' + n.failureSummary
                                                .replace(/\\s+/g, ' ').slice(0, 300))}));
                }""",
                WCAG_TAGS,
            )
            for v in found:
                if v["impact"] in BLOCKING and v["nodes"]:
                    self.violations.append(
                        f"{key} at {size['width']}px: {v['id']} ({v['impact']}) {v['help']}\n    "
                        + "\n    ".join(v["nodes"][:5])
                    )
        self.page.set_viewport_size(DESKTOP)
        self.checked.add(key)

    def sign_in(self, email: str) -> None:
        from playwright.sync_api import expect

        self.goto("/login")
        self.step("sign-in page")
        page = self.page
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/login" not in page.url, f"{email} could not sign in"
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        self.step(f"signed in as {email}")

    def sign_out(self) -> None:
        from playwright.sync_api import expect

        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_role("link", name="Sign in")).to_be_visible()
        self.step("signed out")

    def assert_accessible(self) -> None:
        unchecked = sorted(set(self.visited) - self.checked - {"about:blank"})
        assert not unchecked, f"pages visited but not checked by axe: {unchecked}"
        problems = []
        if self.violations:
            problems.append(
                f"{len(self.violations)} serious or critical WCAG 2.1 A/AA violations:\n"
                + "\n".join(self.violations)
            )
        if self.overflows:
            problems.append(
                f"{len(self.overflows)} pages scroll sideways at 320 px (WCAG 2.1 1.4.10):\n"
                + "\n".join(self.overflows)
            )
        assert not problems, f"(screenshots in {self.folder})\n" + "\n".join(problems)


@pytest.fixture
def ui(request, browser, live_server, axe_source, backend) -> Iterator[UI]:
    """A journey's browser. Its screenshots stay under test-artifacts/ when it fails."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder = ARTIFACTS / "e2e" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    journey = UI(browser, live_server, axe_source, folder)
    yield journey
    failed = getattr(request.node, "journey_failed", False)
    if failed:
        journey.page.screenshot(path=str(folder / "99-at-failure.png"), full_page=True)
    journey.context.close()
    if failed:
        print(f"\nscreenshots of the failed journey: {folder}")
        request.node.add_report_section("call", "artefacts", f"screenshots: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
