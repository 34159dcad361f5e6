"""The plugin's fixtures as a suite uses them: boto3 through the whole export flow, the harness
on one operation, modeled and unmodeled errors, the journal, reset and defaults."""

from __future__ import annotations

import gzip
import json
import time
from urllib.parse import urlparse

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

APP = "a1fb24b2eae293674407a7f03207134c"  # a sample application the package ships
COMPLETED = "aa8fb77e57d1ca18d593e909729871fe"
REQUEST = {"RoleArn": "arn:aws:iam::123456789012:role/Export", "S3UrlPrefix": "s3://my-bucket/exports/"}
NO_RETRIES = Config(retries={"total_max_attempts": 1})


def test_the_whole_pipeline_with_a_harness_on_one_operation(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint")
    with pinpoint_tenant.harness(pinpoint, "CreateExportJob", progression={"duration_s": 1, "outcome": "COMPLETED", "pieces": 3, "endpoints": 25}):
        job = pinpoint.create_export_job(ApplicationId=APP, ExportJobRequest=REQUEST)["ExportJobResponse"]
        while job["JobStatus"] not in ("COMPLETED", "FAILED"):  # polls carry no progression: not a 400
            time.sleep(0.2)
            job = pinpoint.get_export_job(ApplicationId=APP, JobId=job["Id"])["ExportJobResponse"]
    assert job["JobStatus"] == "COMPLETED"
    assert job["TotalProcessed"] == 25

    s3 = pinpoint_tenant.client("s3")
    url = urlparse(job["Definition"]["S3UrlPrefix"])
    listed = s3.list_objects_v2(Bucket=url.netloc, Prefix=f"{url.path.lstrip('/')}{job['Id']}/")["Contents"]
    assert [o["Key"].rsplit("/", 1)[1] for o in listed] == ["part-00000.gz", "part-00001.gz", "part-00002.gz"]
    lines = []
    for item in listed:
        body = s3.get_object(Bucket=url.netloc, Key=item["Key"])["Body"].read()
        lines += [json.loads(line) for line in gzip.decompress(body).decode("utf-8").splitlines()]
    assert len(lines) == job["TotalProcessed"]
    assert all("Id" in endpoint for endpoint in lines)

    operations = [entry["operation"] for entry in pinpoint_tenant.requests()["entries"]]
    assert operations[0] == "CreateExportJob" and "GetExportJob" in operations


@pytest.mark.parametrize(
    "error, exception",
    [
        ("BadRequestException", "BadRequestException"),
        ("NotFoundException", "NotFoundException"),
        ("TooManyRequestsException", "TooManyRequestsException"),
        ("InternalServerErrorException", "InternalServerErrorException"),
        (502, None),
        (503, None),
        (504, None),
    ],
)
def test_injected_errors_arrive_as_boto3_models_them(pinpoint_tenant, error, exception):
    pinpoint = pinpoint_tenant.client("pinpoint", config=NO_RETRIES)
    with pinpoint_tenant.harness(pinpoint, error=error, error_message="injected"):
        with pytest.raises(ClientError) as raised:
            pinpoint.get_export_job(ApplicationId=APP, JobId=COMPLETED)
    modeled = getattr(pinpoint.exceptions, exception) if exception else None
    if modeled is not None:
        assert isinstance(raised.value, modeled)
    else:  # the gateway's 5xx are not in Pinpoint's model: a plain ClientError
        assert type(raised.value) is ClientError
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 404, 429, 500, 502, 503, 504)
    assert pinpoint.get_export_job(ApplicationId=APP, JobId=COMPLETED)["ExportJobResponse"]["Id"] == COMPLETED  # the block is over


def test_retried_attempts_carry_the_harness_and_the_journal_shows_them(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint", config=Config(retries={"total_max_attempts": 3, "mode": "standard"}))
    with pinpoint_tenant.harness(pinpoint, "get_export_job", error="TooManyRequestsException", error_attempts=2):
        answer = pinpoint.get_export_job(ApplicationId=APP, JobId=COMPLETED)
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    journal = pinpoint_tenant.requests(operation="GetExportJob")
    assert [e["status"] for e in journal["entries"]] == [429, 429, 200]
    assert pinpoint_tenant.requests(status=429, limit=1)["entries"][0]["errorType"].startswith("TooManyRequestsException")


def test_a_harness_on_one_operation_leaves_the_others_alone(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint", config=NO_RETRIES)
    with pinpoint_tenant.harness(pinpoint, "GetExportJobs", error=500):
        assert pinpoint.get_export_job(ApplicationId=APP, JobId=COMPLETED)["ExportJobResponse"]["Id"] == COMPLETED
        with pytest.raises(pinpoint.exceptions.InternalServerErrorException):
            pinpoint.get_export_jobs(ApplicationId=APP)


def test_each_tenant_starts_empty_and_reset_empties_it(pinpoint_tenant, pinpoint_sandbox):
    assert pinpoint_tenant.requests() == {"entries": [], "evicted": 0}
    pinpoint = pinpoint_tenant.client("pinpoint")
    pinpoint.create_export_job(ApplicationId=APP, ExportJobRequest=REQUEST)
    other = pinpoint_sandbox.tenant()
    listed = other.client("pinpoint").get_export_jobs(ApplicationId=APP)["ExportJobsResponse"]["Item"]
    assert all(job.get("JobStatus") for job in listed) and len(listed) == len(
        pinpoint_sandbox.client("pinpoint").get_export_jobs(ApplicationId=APP)["ExportJobsResponse"]["Item"]
    )  # the created job is the creator's alone
    assert len(pinpoint_tenant.requests()["entries"]) == 1
    pinpoint_tenant.reset()
    assert pinpoint_tenant.requests()["entries"] == []


def test_defaults_set_the_life_of_created_jobs(pinpoint_tenant):
    held = pinpoint_tenant.set_defaults(duration_s=0, outcome="FAILED", pieces=2)
    assert held == {"duration_s": 0, "outcome": "FAILED", "pieces": 2}
    assert pinpoint_tenant.defaults() == held
    pinpoint = pinpoint_tenant.client("pinpoint")
    job = pinpoint.create_export_job(ApplicationId=APP, ExportJobRequest=REQUEST)["ExportJobResponse"]
    time.sleep(0.05)
    assert pinpoint.get_export_job(ApplicationId=APP, JobId=job["Id"])["ExportJobResponse"]["JobStatus"] == "FAILED"
    assert pinpoint_tenant.set_defaults() == {}
    with pytest.raises(ValueError, match="duration"):
        pinpoint_tenant.set_defaults(duration=5)  # the harness's name is duration_s: one name for one thing


@pytest.mark.parametrize(
    "options, raised, named",
    [
        ({"eror": 500}, ValueError, "eror"),
        ({"error": 418}, ValueError, "error"),
        ({"error": "Teapot"}, ValueError, "error"),
        ({"error": 500, "error_attempts": 0}, ValueError, "error_attempts"),
        ({"error": 500, "error_attempts": "2"}, TypeError, "error_attempts"),
        ({"error_rate": 0.5}, ValueError, "error_rate"),
        ({"error": 500, "error_rate": 1.5}, ValueError, "error_rate"),
        ({"delay_ms": (500, 100)}, ValueError, "delay_ms"),
        ({"delay_ms": 1.5}, TypeError, "delay_ms"),
        ({"fault": "broken"}, ValueError, "fault"),
        ({"now": "yesterday"}, ValueError, "now"),
        ({"seed": "has space"}, ValueError, "seed"),
        ({"progression": {"outcome": "FAILED"}}, ValueError, "duration_s"),
        ({"progression": {"duration_s": 5, "outcome": "DONE"}}, ValueError, "progression.outcome"),
        ({"progression": {"duration_s": 5, "outcome": "FAILED", "piece": 2}}, ValueError, "piece"),
    ],
)
def test_a_bad_option_raises_before_any_request(pinpoint_tenant, options, raised, named):
    pinpoint = pinpoint_tenant.client("pinpoint")
    with pytest.raises(raised, match=named):
        with pinpoint_tenant.harness(pinpoint, **options):
            pass
    assert pinpoint_tenant.requests()["entries"] == []


def test_an_unknown_operation_is_named(pinpoint_tenant):
    pinpoint = pinpoint_tenant.client("pinpoint")
    with pytest.raises(ValueError, match="GetExportJobz"):
        with pinpoint_tenant.harness(pinpoint, "GetExportJobz", error=500):
            pass
