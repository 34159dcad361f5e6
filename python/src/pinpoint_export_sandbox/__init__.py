"""The Pinpoint export-job sandbox for Python tests: a pytest plugin, and the pieces it is made of.

Installing the package registers the plugin, whose fixtures ``pinpoint_sandbox`` (a sandbox for
the session) and ``pinpoint_tenant`` (a fresh tenant per test) give boto3 clients pointed at
the sandbox, harness headers for a block of calls, and the admin API. Outside pytest,
``start_sandbox()`` starts one and ``connect(url)`` uses one already running.
"""

from .harness import CONTRACT, OPTIONS, harness_headers
from .server import CLI_ENV, NodeMissing, Sandbox, check_node, connect, find_cli, start_sandbox
from .tenant import DEFAULTS_MEMBERS, SandboxError, Tenant, fresh_key_id

__version__: str = CONTRACT["version"]

__all__ = [
    "CLI_ENV",
    "DEFAULTS_MEMBERS",
    "OPTIONS",
    "NodeMissing",
    "Sandbox",
    "SandboxError",
    "Tenant",
    "__version__",
    "check_node",
    "connect",
    "find_cli",
    "fresh_key_id",
    "harness_headers",
    "start_sandbox",
]
