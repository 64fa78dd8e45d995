"""A real headless Chromium (Debian's, never a downloaded one) against pytest-django's live
server, with axe-core for accessibility. See /work/shared/TESTING.md."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there by the
# test itself are safe (the live server answers from its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    assert chromium, "Browser tests need Debian's Chromium: `make browser-deps`"
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's CSP allows no inline script; axe is injected by the test, not the site.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe(page):
    """`axe(label)` runs axe-core on the current page; fails on serious/critical violations."""
    assert AXE_JS.exists(), "Browser tests need axe-core: `make browser-deps`"

    def check(label):
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document)")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        report = "\n".join(
            f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
            + "\n".join(
                f"      at {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5]
            )
            for v in bad
        )
        assert not bad, f"axe on {label} ({page.url}):\n{report}"

    return check


@pytest.fixture
def enforcing(live_server, browser):
    """A page in a browser that enforces the site's CSP (the `page` fixture bypasses it, so
    that axe can be injected), with the policy violations it reports as (address, message)."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(5_000)
    violations = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append((page.url, m.text)),
    )
    yield page, violations
    context.close()


PASSWORD = "correct horse battery staple"  # noqa: S105 - a throwaway test account


def sign_in(page, username, *, server="", **extra):
    """A user with the password PASSWORD, signed in on `page`. `server` is the live server's
    address, for a page without it as its base URL (the `page` fixture, which `axe` uses)."""
    user = UserFactory(username=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{server}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(username)
    return user
