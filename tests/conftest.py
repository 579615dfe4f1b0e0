"""A skipped test is not a passed one: the suite fails if anything was skipped.

HttpCase tours are skipped silently when websocket-client or Chromium is
missing, or when pytest runs without ``--odoo-http``; here they fail instead.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = (
            report.longrepr[2]
            if isinstance(report.longrepr, tuple)
            else str(report.longrepr)
        )
        report.outcome = "failed"
        report.longrepr = f"skipped tests count as failures here: {reason}"
