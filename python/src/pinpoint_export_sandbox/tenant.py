"""A tenant of a running sandbox: boto3 clients signed as it, harness headers, and its admin API.

A tenant is the access key id and region that requests are signed with: it owns the jobs it
creates, its request journal and its defaults, and never sees another tenant's. A fresh key id
is a fresh, empty tenant, so tests need no reset to start clean.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Dict, Iterator, Optional, Union
from urllib.parse import urlencode

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from .harness import CONTRACT, harness_headers, instant_text

_ADMIN: Dict[str, Any] = CONTRACT["admin"]
_SIGNING_NAME = "mobiletargeting"  # Pinpoint's: the admin API is signed as the Pinpoint client is
DEFAULT_REGION = "us-east-1"
DEFAULT_SECRET = "sandbox"  # any secret does, unless the sandbox verifies signatures


class SandboxError(Exception):
    """The sandbox could not be started, or an admin call was refused (the message says why)."""


def fresh_key_id(prefix: str = "pytest") -> str:
    """A new access key id, so a new tenant: ``<prefix>-<32 hex>``."""
    return f"{prefix}-{uuid.uuid4().hex}"


class Tenant:
    """One tenant of the sandbox at ``url``.

    ``endpoint_url`` is Pinpoint's endpoint, ``s3_endpoint_url`` the S3 API over its exports,
    ``region`` and ``access_key_id`` name the tenant. ``client()`` gives boto3 clients signed as
    it; ``harness()`` adds harness headers to a client's calls for a block; ``requests()``,
    ``reset()`` and ``set_defaults()`` are the admin API, as this tenant.
    """

    def __init__(
        self,
        url: str,
        access_key_id: Optional[str] = None,
        region: str = DEFAULT_REGION,
        secret_access_key: str = DEFAULT_SECRET,
    ) -> None:
        self.endpoint_url = url.rstrip("/")
        self.s3_endpoint_url = self.endpoint_url + CONTRACT["s3_mount"]
        self.region = region
        self.access_key_id = access_key_id or fresh_key_id()
        self.secret_access_key = secret_access_key

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.access_key_id}/{self.region} at {self.endpoint_url}>"

    @property
    def name(self) -> str:
        """The tenant as the sandbox names it: ``<access key id>/<region>``."""
        return f"{self.access_key_id}/{self.region}"

    def tenant(self, access_key_id: Optional[str] = None, region: Optional[str] = None) -> "Tenant":
        """Another tenant of the same sandbox: a fresh one unless ``access_key_id`` is given."""
        return Tenant(self.endpoint_url, access_key_id, region or self.region, self.secret_access_key)

    def client(self, service_name: str, **kwargs: Any) -> Any:
        """A boto3 client for ``"pinpoint"`` or ``"s3"``, pointed at the sandbox and signed as this tenant.

        ``kwargs`` pass through to ``boto3.client`` (a ``config=Config(...)``, say); an S3 client
        addresses buckets path-style, as the sandbox's S3 API needs.
        """
        endpoints = {"pinpoint": self.endpoint_url, "s3": self.s3_endpoint_url}
        if service_name not in endpoints:
            raise ValueError(f"the sandbox serves {' and '.join(map(repr, endpoints))}, not {service_name!r}")
        settings: Dict[str, Any] = {
            "endpoint_url": endpoints[service_name],
            "region_name": self.region,
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_access_key,
            **kwargs,
        }
        if service_name == "s3":
            path_style = Config(s3={"addressing_style": "path"})
            given = settings.get("config")
            settings["config"] = path_style.merge(given) if given is not None else path_style
        return boto3.session.Session().client(service_name, **settings)

    @contextmanager
    def harness(self, client: Any, operation: Optional[str] = None, **options: Any) -> Iterator[Dict[str, str]]:
        """Adds harness headers to ``client``'s calls (only ``operation``'s when named) for the block.

        ``operation`` is the API's name (``"GetExportJob"``) or boto3's (``"get_export_job"``).
        ``options`` are the harness options (see ``harness_headers``); they are checked here,
        before any request, and a bad one raises ``ValueError`` or ``TypeError``. Each attempt a
        client retries carries them too. Yields the headers.
        """
        headers = harness_headers(**options)
        model = client.meta.service_model
        event = f"before-sign.{model.service_id.hyphenize()}"
        if operation is not None:
            names = {client.meta.method_to_api_mapping.get(operation, operation)} & set(model.operation_names)
            if not names:
                raise ValueError(f"{model.service_name} has no operation {operation!r}; it has {', '.join(model.operation_names)}")
            event += f".{names.pop()}"

        def add(request: AWSRequest, **_: Any) -> None:
            for name, value in headers.items():
                request.headers[name] = value

        handler_id = f"pinpoint-sandbox-harness-{uuid.uuid4().hex}"
        client.meta.events.register(event, add, unique_id=handler_id)
        try:
            yield headers
        finally:
            client.meta.events.unregister(event, unique_id=handler_id)

    def requests(
        self,
        operation: Optional[str] = None,
        status: Optional[int] = None,
        since: Union[datetime, int, str, None] = None,
        limit: Optional[int] = None,
    ) -> Dict[str, Any]:
        """This tenant's request journal: ``{"entries": [...], "evicted": n}``, oldest first.

        Each entry is one request the sandbox answered (``operation``, ``method``, ``path``,
        ``headers``, ``status``, ``errorType``, ``applied``, ...); ``evicted`` counts older
        entries its bound dropped. Filters: ``operation`` (e.g. ``"GetExportJob"``), ``status``,
        ``since`` (an instant) and ``limit`` (1 to 1,000; 100 by default).
        """
        query: Dict[str, str] = {}
        if operation is not None:
            if not isinstance(operation, str):
                raise TypeError(f"operation takes an operation's name, not {operation!r}")
            query["operation"] = operation
        if status is not None:
            if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
                raise ValueError(f"status takes an HTTP status from 100 to 599, not {status!r}")
            query["status"] = str(status)
        if since is not None:
            query["since"] = instant_text("since", since)
        if limit is not None:
            if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= _ADMIN["max_page"]:
                raise ValueError(f"limit takes a whole number from 1 to {_ADMIN['max_page']}, not {limit!r}")
            query["limit"] = str(limit)
        path = _ADMIN["requests"] + (f"?{urlencode(query)}" if query else "")
        page: Dict[str, Any] = self._admin("GET", path)
        return page

    def clear_requests(self) -> None:
        """Empties this tenant's journal."""
        self._admin("DELETE", _ADMIN["requests"])

    def reset(self) -> None:
        """Clears this tenant's created jobs, journal, defaults, attempt counts and seeded sequences."""
        self._admin("POST", _ADMIN["reset"])

    def set_defaults(self, **life: Any) -> Dict[str, Any]:
        """Sets the life of jobs this tenant creates without a progression; no arguments clear it.

        ``life``: the members of ``PUT /_sandbox/defaults`` in snake_case (see ``DEFAULTS_MEMBERS``),
        each optional. Returns the defaults as the sandbox now holds them.
        """
        members: Dict[str, str] = _ADMIN["defaults_members"]
        unknown = [key for key in life if key not in members]
        if unknown:
            raise ValueError(f"unknown default {unknown[0]!r}; known: {', '.join(members)}")
        body = {members[key]: value for key, value in life.items() if value is not None}
        held: Dict[str, Any] = self._admin("PUT", _ADMIN["defaults"], body)
        return {_snake_of(members, key): value for key, value in held.items()}

    def defaults(self) -> Dict[str, Any]:
        """This tenant's defaults, ``{}`` when none are set."""
        held: Dict[str, Any] = self._admin("GET", _ADMIN["defaults"])
        return {_snake_of(_ADMIN["defaults_members"], key): value for key, value in held.items()}

    def _admin(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        url = self.endpoint_url + path
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = AWSRequest(method=method, url=url, data=data, headers={"content-type": "application/json"})
        SigV4Auth(Credentials(self.access_key_id, self.secret_access_key), _SIGNING_NAME, self.region).add_auth(request)
        prepared = request.prepare()
        http = urllib.request.Request(url, data=data, method=method, headers=dict(prepared.headers.items()))
        try:
            with urllib.request.urlopen(http, timeout=60) as answer:  # noqa: S310 (the sandbox's own URL)
                read_as = answer.headers.get(_ADMIN["tenant_header"])
                payload = answer.read()
        except urllib.error.HTTPError as error:
            raise SandboxError(f"{method} {path} answered {error.code}: {error.read().decode('utf-8', 'replace')}") from None
        except urllib.error.URLError as error:
            raise SandboxError(f"{method} {path}: the sandbox at {self.endpoint_url} did not answer ({error.reason})") from None
        if read_as is not None and read_as != self.name:
            raise SandboxError(f"{method} {path} was answered as tenant {read_as!r}, not {self.name!r}")
        return json.loads(payload)


def _snake_of(members: Dict[str, str], wire: str) -> str:
    return next((snake for snake, name in members.items() if name == wire), wire)


#: ``set_defaults``'s arguments, and the member of ``PUT /_sandbox/defaults`` each sets.
DEFAULTS_MEMBERS: Dict[str, str] = dict(_ADMIN["defaults_members"])
