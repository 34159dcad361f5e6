"""The pytest plugin: the sandbox as fixtures. Installing the package registers it (``pytest11``).

- ``pinpoint_sandbox`` (session): a sandbox started for the session, or the one at
  ``--pinpoint-sandbox-url``; stopped when the session ends. Under pytest-xdist, each worker
  process starts its own (or all use the given URL).
- ``pinpoint_tenant`` (function): a fresh tenant of it for each test, so each test starts empty
  without a reset, in parallel too.

Settings are small session fixtures a suite may override in its conftest.py:
``pinpoint_sandbox_url``, ``pinpoint_sandbox_fixtures``, ``pinpoint_sandbox_region`` and
``pinpoint_sandbox_start_timeout``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from .server import NodeMissing, Sandbox, connect, start_sandbox
from .tenant import DEFAULT_REGION, SandboxError, Tenant

URL_ENV = "PINPOINT_SANDBOX_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pinpoint-sandbox", "Pinpoint export-job sandbox")
    group.addoption(
        "--pinpoint-sandbox-url",
        dest="pinpoint_sandbox_url",
        metavar="URL",
        default=None,
        help=f"use the sandbox already running at URL (npm start, a deployed one) instead of starting one; "
        f"also the ini option pinpoint_sandbox_url and ${URL_ENV}",
    )
    group.addoption(
        "--pinpoint-sandbox-fixtures",
        dest="pinpoint_sandbox_fixtures",
        metavar="PATH",
        action="append",
        default=None,
        help="a fixture file or folder for the sandbox to seed instead of its sample jobs (repeatable); "
        "also the ini option pinpoint_sandbox_fixtures",
    )
    parser.addini("pinpoint_sandbox_url", help="the URL of a sandbox already running (see --pinpoint-sandbox-url)")
    parser.addini(
        "pinpoint_sandbox_fixtures",
        type="linelist",
        help="fixture files or folders, relative to the ini file (see --pinpoint-sandbox-fixtures)",
    )


@pytest.fixture(scope="session")
def pinpoint_sandbox_url(pytestconfig: pytest.Config) -> Optional[str]:
    """The URL of a sandbox already running, or None to start one: the option, the ini option, then the environment."""
    url: Optional[str] = (
        pytestconfig.getoption("pinpoint_sandbox_url") or pytestconfig.getini("pinpoint_sandbox_url") or os.environ.get(URL_ENV)
    )
    return url or None


@pytest.fixture(scope="session")
def pinpoint_sandbox_fixtures(pytestconfig: pytest.Config) -> Optional[List[str]]:
    """What the started sandbox seeds: None for the npm package's sample jobs, [] for none, else files and folders."""
    given: Optional[List[str]] = pytestconfig.getoption("pinpoint_sandbox_fixtures")
    if given:
        return given
    listed: List[str] = pytestconfig.getini("pinpoint_sandbox_fixtures")
    if listed:
        base = Path(str(pytestconfig.inipath)).parent if pytestconfig.inipath else Path(str(pytestconfig.rootpath))
        return [str(base / path) for path in listed]
    return None


@pytest.fixture(scope="session")
def pinpoint_sandbox_region() -> str:
    """The region the fixtures' tenants sign with."""
    return DEFAULT_REGION


@pytest.fixture(scope="session")
def pinpoint_sandbox_start_timeout() -> float:
    """Seconds to wait for a started sandbox to answer (a first npx may download the package)."""
    return 120.0


@pytest.fixture(scope="session")
def pinpoint_sandbox(
    pytestconfig: pytest.Config,
    pinpoint_sandbox_url: Optional[str],
    pinpoint_sandbox_fixtures: Optional[List[str]],
    pinpoint_sandbox_region: str,
    pinpoint_sandbox_start_timeout: float,
) -> Iterator[Sandbox]:
    """A sandbox for the session, stopped when it ends; also a tenant of its own."""
    if pinpoint_sandbox_url:
        sandbox = connect(pinpoint_sandbox_url, pinpoint_sandbox_region)
        yield sandbox
        _tidy(sandbox)
        return
    try:
        sandbox = start_sandbox(
            pinpoint_sandbox_fixtures,
            search_from=str(pytestconfig.rootpath),
            region=pinpoint_sandbox_region,
            timeout=pinpoint_sandbox_start_timeout,
        )
    except NodeMissing as error:
        problem: Optional[SandboxError] = error
    except SandboxError as error:
        problem = error
    else:
        problem = None
    if isinstance(problem, NodeMissing):
        pytest.exit(f"pinpoint_sandbox: {problem}", returncode=pytest.ExitCode.USAGE_ERROR)
    if problem is not None:
        pytest.fail(f"pinpoint_sandbox: {problem}", pytrace=False)
    with sandbox:
        yield sandbox


@pytest.fixture
def pinpoint_tenant(pinpoint_sandbox: Sandbox) -> Iterator[Tenant]:
    """A fresh tenant of the session's sandbox: no jobs, an empty journal, no defaults."""
    tenant = pinpoint_sandbox.tenant()
    yield tenant
    if pinpoint_sandbox.process is None:
        _tidy(tenant)  # a shared sandbox keeps a tenant for a day: leave nothing behind


def _tidy(tenant: Tenant) -> None:
    try:
        tenant.reset()
    except SandboxError:
        pass  # the sandbox is gone, and the tenant's state with it
