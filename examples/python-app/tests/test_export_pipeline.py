"""The pipeline's contract tests, against the sandbox the pytest plugin starts: no conftest."""

import pytest
from botocore.config import Config
from export_pipeline import ExportFailed, export_endpoints

APP = "a1fb24b2eae293674407a7f03207134c"
ROLE = "arn:aws:iam::123456789012:role/Export"


def test_exports_every_endpoint(pinpoint_tenant):
    pinpoint, s3 = pinpoint_tenant.client("pinpoint"), pinpoint_tenant.client("s3")
    with pinpoint_tenant.harness(pinpoint, "CreateExportJob", progression={"duration_s": 1, "outcome": "COMPLETED", "pieces": 4, "endpoints": 30}):
        endpoints = export_endpoints(pinpoint, s3, APP, ROLE, "s3://acme-exports/pinpoint/", poll_s=0.2)
    assert len(endpoints) == 30
    assert all(endpoint["ApplicationId"] == APP for endpoint in endpoints)


def test_a_failed_export_is_an_error(pinpoint_tenant):
    pinpoint, s3 = pinpoint_tenant.client("pinpoint"), pinpoint_tenant.client("s3")
    with pinpoint_tenant.harness(pinpoint, "CreateExportJob", progression={"duration_s": 0.5, "outcome": "FAILED"}):
        with pytest.raises(ExportFailed, match="FAILED"):
            export_endpoints(pinpoint, s3, APP, ROLE, "s3://acme-exports/pinpoint/", poll_s=0.2)


def test_survives_throttling_on_the_polls(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint", config=Config(retries={"total_max_attempts": 3, "mode": "standard"}))
    with pinpoint_tenant.harness(pinpoint, "CreateExportJob", progression={"duration_s": 1, "outcome": "COMPLETED", "pieces": 1, "endpoints": 5}):
        with pinpoint_tenant.harness(pinpoint, "GetExportJob", error="TooManyRequestsException", error_attempts=2):
            endpoints = export_endpoints(pinpoint, pinpoint_tenant.client("s3"), APP, ROLE, "s3://acme-exports/pinpoint/", poll_s=0.2)
    assert len(endpoints) == 5
    polls = pinpoint_tenant.requests(operation="GetExportJob")["entries"]
    assert {entry["status"] for entry in polls} == {429, 200}  # each poll met two 429s, then its answer


def test_polls_at_most_five_times_a_second(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint")
    with pinpoint_tenant.harness(pinpoint, "CreateExportJob", progression={"duration_s": 1, "outcome": "COMPLETED", "pieces": 1, "endpoints": 1}):
        export_endpoints(pinpoint, pinpoint_tenant.client("s3"), APP, ROLE, "s3://acme-exports/pinpoint/", poll_s=0.2)
    polls = pinpoint_tenant.requests(operation="GetExportJob")["entries"]
    assert 1 <= len(polls) <= 10
