"""An export pipeline as ETL apps write it: start a Pinpoint export job, wait for it, then read
what it wrote to S3 (gzip'd newline-delimited JSON, one endpoint a line)."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any, Dict, List
from urllib.parse import urlparse


class ExportFailed(Exception):
    """The export job ended without completing."""


def export_endpoints(pinpoint: Any, s3: Any, application_id: str, role_arn: str, s3_url_prefix: str, poll_s: float = 1.0) -> List[Dict[str, Any]]:
    """Exports the application's endpoints and returns them, one dict an endpoint."""
    job = pinpoint.create_export_job(
        ApplicationId=application_id, ExportJobRequest={"RoleArn": role_arn, "S3UrlPrefix": s3_url_prefix}
    )["ExportJobResponse"]
    while job["JobStatus"] not in ("COMPLETED", "FAILED", "CANCELLED"):
        time.sleep(poll_s)
        job = pinpoint.get_export_job(ApplicationId=application_id, JobId=job["Id"])["ExportJobResponse"]
    if job["JobStatus"] != "COMPLETED":
        raise ExportFailed(f"export job {job['Id']} ended {job['JobStatus']}: {job.get('Failures', [])}")
    where = urlparse(s3_url_prefix)
    prefix = f"{where.path.lstrip('/')}{job['Id']}/"
    endpoints: List[Dict[str, Any]] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=where.netloc, Prefix=prefix):
        for item in page.get("Contents", []):
            body = s3.get_object(Bucket=where.netloc, Key=item["Key"])["Body"].read()
            endpoints += [json.loads(line) for line in gzip.decompress(body).decode("utf-8").splitlines() if line]
    return endpoints
