"""Starting and stopping a sandbox: the npm package's CLI, on a free loopback port.

The CLI is found in this order: ``PINPOINT_SANDBOX_CLI`` (a path to it),
``node_modules/.bin/pinpoint-export-job-sandbox`` in the given folder or one above it, then
``npx --yes pinpoint-export-job-sandbox@<this package's version>``. It needs Node.js.

The CLI's standard input is a pipe that only this process holds: when this process ends in any
way, SIGKILL included, the pipe closes and the CLI stops itself, through ``npx``'s layers too,
and leaves nothing listening.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Deque, List, Optional, Sequence, Tuple, Union

from .harness import CONTRACT
from .tenant import DEFAULT_REGION, SandboxError, Tenant, fresh_key_id

CLI_ENV = "PINPOINT_SANDBOX_CLI"
_READY = re.compile(r"ready on (http://\S+)")
_KEPT_LINES = 200  # of the CLI's output, for the message when it fails
StrPath = Union[str, "os.PathLike[str]"]


class NodeMissing(SandboxError):
    """No Node.js, or one older than the npm package needs."""


def _version(text: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def check_node() -> str:
    """The Node.js on PATH, if it is one the npm package runs on; else raises ``NodeMissing``."""
    wanted = CONTRACT["node"]  # e.g. ">=20.19"
    minimum = _version(wanted)
    install = (
        f"the sandbox runs on Node.js {wanted.lstrip('>=')} or later: install it (https://nodejs.org, "
        f"or your system's package manager, e.g. `apt-get install nodejs npm`) and put `node` on PATH"
    )
    node = shutil.which("node")
    if node is None:
        raise NodeMissing(f"no Node.js found: {install}")
    try:
        found = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        raise NodeMissing(f"{node} --version failed ({error}): {install}") from None
    if _version(found) < minimum:
        raise NodeMissing(f"Node.js {found} is too old: {install}")
    return node


def find_cli(start: Optional[StrPath] = None) -> List[str]:
    """The command that runs the sandbox's CLI, in the documented order."""
    given = os.environ.get(CLI_ENV)
    if given:
        if not Path(given).is_file():
            raise SandboxError(f"{CLI_ENV}={given}: no such file")
        # The package's dist/cli.js as it is in a checkout, not made executable by an install.
        return [given] if os.access(given, os.X_OK) else [shutil.which("node") or "node", given]
    name = CONTRACT["cli"]
    folder = Path(start or os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        local = candidate / "node_modules" / ".bin" / name
        if local.is_file():
            return [str(local)]
    npx = shutil.which("npx")
    if npx is None:
        raise NodeMissing(f"no {name} in node_modules, and no npx to fetch it: install Node.js with npm")
    return [npx, "--yes", f"{CONTRACT['npm_package']}@{CONTRACT['version']}"]


def fixture_arguments(fixtures: Optional[Sequence[StrPath]]) -> List[str]:
    """The CLI's fixture flags: ``None`` serves its sample jobs, ``[]`` none, else these files or folders."""
    if fixtures is None:
        return []
    if len(fixtures) == 0:
        return ["--no-fixtures"]
    return ["--fixtures", *(os.fspath(path) for path in fixtures)]


def _stop(process: "subprocess.Popen[str]", timeout: float) -> None:
    if process.poll() is not None:
        return
    if process.stdin is not None:
        process.stdin.close()  # the CLI stops itself once its input ends, and removes its state
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Sandbox(Tenant):
    """A sandbox this process started (or one already running, when ``process`` is None).

    It is also a tenant of itself, with a key id of its own; ``tenant()`` gives fresh ones.
    ``stop()`` ends the process; a sandbox is a context manager that stops it.
    """

    def __init__(
        self,
        url: str,
        process: "Optional[subprocess.Popen[str]]" = None,
        output: Optional[Deque[str]] = None,
        region: str = DEFAULT_REGION,
    ) -> None:
        super().__init__(url, fresh_key_id("pytest-session"), region)
        self.url = self.endpoint_url
        self.process = process
        self._output: Deque[str] = output if output is not None else collections.deque(maxlen=_KEPT_LINES)

    @property
    def output(self) -> str:
        """The last lines the CLI printed."""
        return "".join(self._output)

    def stop(self, timeout: float = 10) -> None:
        """Stops the sandbox this process started (idempotent); leaves one it did not start running."""
        if self.process is not None:
            _stop(self.process, timeout)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_sandbox(
    fixtures: Optional[Sequence[StrPath]] = None,
    *,
    cli: Optional[Sequence[str]] = None,
    search_from: Optional[StrPath] = None,
    region: str = DEFAULT_REGION,
    timeout: float = 120,
    extra_args: Sequence[str] = (),
) -> Sandbox:
    """Starts a sandbox on a free loopback port and returns it once it answers.

    ``fixtures``: ``None`` for the npm package's sample jobs, ``[]`` for none, or fixture files
    and folders. ``cli``: the command to run (else found with ``find_cli(search_from)``).
    ``timeout``: seconds to wait for it (a first ``npx`` may download the package). Raises
    ``NodeMissing`` without a usable Node.js, ``SandboxError`` when it does not start, with
    what the CLI printed.
    """
    check_node()
    command = [*(cli or find_cli(search_from)), "--port", "0", "--host", "127.0.0.1", *fixture_arguments(fixtures), *extra_args]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,  # its lifeline: closed by the kernel whenever this process ends
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # stopped by this process, never by a Ctrl-C meant for it
        )
    except OSError as error:
        raise SandboxError(f"could not run {command[0]}: {error}") from None
    output: Deque[str] = collections.deque(maxlen=_KEPT_LINES)
    ready = threading.Event()
    found: List[str] = []

    def drain() -> None:  # read to the end, so that the CLI never blocks on a full pipe
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            match = _READY.search(line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=drain, name="pinpoint-sandbox-output", daemon=True).start()
    if not ready.wait(timeout) or not found:
        _stop(process, timeout=5)
        why = "exited" if process.poll() is not None else f"did not answer within {timeout:g} s"
        raise SandboxError(f"the sandbox ({' '.join(command)}) {why}:\n{''.join(output)}")
    return Sandbox(found[0], process, output, region)


def connect(url: str, region: str = DEFAULT_REGION) -> Sandbox:
    """A sandbox that is already running at ``url`` (``npm start``, a deployed one): nothing is started."""
    return Sandbox(url, None, None, region)
