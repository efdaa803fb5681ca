"""/docs and /redoc in Debian's Chromium with every request outside 127.0.0.1 aborted: both draw the
API's operations from our own assets, under their CSP, without a console error."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_swagger_ui_lists_the_operations_offline(api_url, http, browser_page) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    page = browser_page.page
    page.goto(f"{api_url}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    shown = {
        element.get_attribute("data-path") for element in page.query_selector_all(".opblock-summary-path")
    }
    assert shown == set(paths)
    browser_page.assert_clean()


def test_redoc_draws_the_reference_offline(api_url, http, browser_page) -> None:
    title = http.get("/openapi.json").json()["info"]["title"]
    page = browser_page.page
    page.goto(f"{api_url}/redoc")
    page.wait_for_selector("h1", timeout=30_000)
    assert title in page.inner_text("h1")
    assert page.query_selector_all("[data-section-id^='operation/']")
    browser_page.assert_clean()
