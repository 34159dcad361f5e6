"""The plugin as pytest runs it: sessions in their own processes (pytester), so that their
options, their workers and their end (SIGKILL included) are those a user's run has."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import os

def test_a(pinpoint_tenant, pinpoint_sandbox):
    pinpoint_tenant.client("pinpoint").create_export_job(
        ApplicationId="a1fb24b2eae293674407a7f03207134c",
        ExportJobRequest={"RoleArn": "arn:aws:iam::123456789012:role/Export", "S3UrlPrefix": "s3://my-bucket/x/"},
    )
    entries = pinpoint_tenant.requests()["entries"]
    assert len(entries) == 1, entries
    with open(os.environ["SANDBOX_RECORD"], "a") as record:  # xdist's workers print nowhere
        record.write(f'{os.environ.get("PYTEST_XDIST_WORKER", "main")} {pinpoint_sandbox.endpoint_url} {pinpoint_tenant.access_key_id}\\n')
"""


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "/", timeout=2).read()
        return True
    except OSError:
        return False


@pytest.fixture
def record(tmp_path, monkeypatch):
    """Where SUITE's tests say which worker, sandbox and tenant each ran in."""
    path = tmp_path / "record"
    monkeypatch.setenv("SANDBOX_RECORD", str(path))
    return lambda: [line.split() for line in path.read_text().splitlines()]


def test_help_lists_the_options(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--pinpoint-sandbox-url=URL*", "*--pinpoint-sandbox-fixtures=PATH*", "*pinpoint_sandbox_url*"])


def test_parallel_workers_each_test_in_a_tenant_of_its_own(pytester: pytest.Pytester, record) -> None:
    pytester.makepyfile(**{f"test_{n}": SUITE for n in range(4)})
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    seen = record()
    assert len({tenant for *_, tenant in seen}) == 4  # every test its own tenant
    by_worker = {worker: url for worker, url, _ in seen}
    assert len(by_worker) == 2 and len(set(by_worker.values())) == 2  # each worker started its own sandbox
    assert not any(answers(url) for url in by_worker.values())  # and stopped it


@pytest.mark.parametrize("given_by", ["option", "ini", "environment"])
def test_a_running_sandbox_is_used_and_nothing_is_started(pytester: pytest.Pytester, monkeypatch, record, pinpoint_sandbox, given_by) -> None:
    pytester.makepyfile(test_given=SUITE)
    arguments = []
    if given_by == "option":
        arguments = ["--pinpoint-sandbox-url", pinpoint_sandbox.url]
    elif given_by == "ini":
        pytester.makeini(f"[pytest]\npinpoint_sandbox_url = {pinpoint_sandbox.url}\n")
    else:
        monkeypatch.setenv("PINPOINT_SANDBOX_URL", pinpoint_sandbox.url)
    monkeypatch.setenv("PINPOINT_SANDBOX_CLI", "/nonexistent/cli")  # would fail, were anything started
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *arguments)
    result.assert_outcomes(passed=1)
    [(_, url, _)] = record()
    assert url == pinpoint_sandbox.url
    assert answers(pinpoint_sandbox.url)  # not stopped by the session that used it


def test_without_node_pytest_stops_with_a_usage_error(pytester: pytest.Pytester, monkeypatch, record) -> None:
    pytester.makepyfile(test_given=SUITE)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # a Python, and no Node.js
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*no Node.js found*install it*"])


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_killed_or_interrupted_pytest_leaves_nothing_running(pytester: pytest.Pytester, tmp_path, how) -> None:
    marker = tmp_path / "url"
    pytester.makepyfile(
        test_hangs=f"""
import time
def test_hang(pinpoint_sandbox):
    with open({str(marker)!r}, "w") as f:
        f.write(pinpoint_sandbox.url + " " + str(pinpoint_sandbox.process.pid))
    time.sleep(300)
"""
    )
    runner = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(pytester.path)],
        cwd=pytester.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (marker.exists() and marker.read_text().count(" ") == 1):
            assert time.monotonic() < deadline and runner.poll() is None, "the session never started its sandbox"
            time.sleep(0.1)
        url, pid = marker.read_text().split()
        assert answers(url)
    finally:
        runner.send_signal(how)  # SIGINT: Ctrl-C, which ends the session and its fixtures
        try:
            runner.wait(60)
        except subprocess.TimeoutExpired:
            runner.kill()
            runner.wait()
    deadline = time.monotonic() + 30
    while (answers(url) or alive(int(pid))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not answers(url), f"the sandbox still answers after its pytest got {how.name}"
    assert not alive(int(pid)), "the CLI outlived its pytest"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its new parent) is gone for this purpose
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
