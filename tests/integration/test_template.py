"""template.yaml and infra/*.yaml: cfn-lint clean, plus the properties that matter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration import cfn

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
INFRA = sorted((REPO / "infra").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    return cfn.load(path)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return cfn.load()


def _cfn_lint() -> str:
    beside = Path(sys.executable).with_name("cfn-lint")
    found = str(beside) if beside.exists() else shutil.which("cfn-lint")
    if found is None:
        pytest.fail("cfn-lint is not installed (pip install cfn-lint): the template is unchecked")
    return found


def test_template__cfn_lint_clean():
    paths = [str(REPO / "template.yaml"), *map(str, INFRA)]
    result = subprocess.run([_cfn_lint(), *paths], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_template__visibility_timeout_at_least_six_times_function_timeout(template):
    allowed = template["Parameters"]["Timeout"]["AllowedValues"]
    mapping = template["Mappings"]["VisibilityTimeout"]
    assert template["Resources"]["IngestQueue"]["Properties"]["VisibilityTimeout"] == {
        "Fn::FindInMap": ["VisibilityTimeout", {"Ref": "Timeout"}, "Seconds"]
    }
    for timeout in allowed:
        assert mapping[str(timeout)]["Seconds"] >= 6 * timeout
    assert template["Parameters"]["Timeout"]["Default"] in allowed
    function = template["Resources"]["GtValidatorFunction"]["Properties"]
    assert function["Timeout"] == {"Ref": "Timeout"}


def test_template__redrive_to_an_alarmed_dead_letter_queue(template):
    resources = template["Resources"]
    redrive = resources["IngestQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["IngestDeadLetterQueue", "Arn"]}
    assert redrive["maxReceiveCount"] >= 5
    alarm = resources["IngestDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["IngestDeadLetterQueue", "QueueName"]}


def test_template__function_reports_batch_item_failures(template):
    function = template["Resources"]["GtValidatorFunction"]["Properties"]
    event = function["Events"]["Ingest"]
    assert event["Type"] == "SQS"
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == {
        "Ref": "MaximumConcurrency"
    }
    assert (function["CodeUri"], function["Handler"]) == ("handler/", "app.lambda_handler")
    glob = template["Globals"]["Function"]
    assert (glob["Runtime"], glob["Architectures"]) == ("python3.12", ["arm64"])


def test_template__queues_encrypted(template):
    queues = {n: r for n, r in template["Resources"].items() if r["Type"] == "AWS::SQS::Queue"}
    assert len(queues) == 5
    assert all(q["Properties"]["SqsManagedSseEnabled"] is True for q in queues.values())
    # Deleting or replacing the stack never drops messages nobody has read.
    assert all(q["DeletionPolicy"] == q["UpdateReplacePolicy"] == "Retain" for q in queues.values())


@pytest.mark.parametrize("path", [REPO / "template.yaml", *INFRA], ids=lambda p: p.name)
def test_template__no_wildcard_resources(path):
    doc = _load(path)
    found = list(cfn.statements(doc))
    assert found, "no policy statements found"
    for statement in found:
        actions = cfn.listed(statement["Action"])
        for text in cfn.strings(statement.get("Resource")):
            if text.strip() == "*" and statement.get("Effect") == "Allow":
                assert set(actions) <= cfn.RESOURCELESS, statement
            assert not text.startswith("arn:*"), statement


def test_template__bucket_notifies_ingest_queue_for_json_under_prefix(template):
    bucket = template["Resources"]["GtBucket"]
    [config] = bucket["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert config["Queue"] == {"Fn::GetAtt": ["IngestQueue", "Arn"]}
    rules = {r["Name"]: r["Value"] for r in config["Filter"]["S3Key"]["Rules"]}
    assert rules == {"prefix": {"Ref": "GtPrefix"}, "suffix": ".json"}
    statement = template["Resources"]["IngestQueuePolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ][0]
    assert set(statement["Condition"]) == {"ArnLike", "StringEquals"}
    assert "aws:SourceAccount" in statement["Condition"]["StringEquals"]


def test_template__function_policies_least_privilege(template):
    function = template["Resources"]["GtValidatorFunction"]["Properties"]
    assert function["Role"] == {"Fn::GetAtt": ["GtValidatorRole", "Arn"]}
    assert "Policies" not in function  # SAM would add managed policies beside them
    role = template["Resources"]["GtValidatorRole"]["Properties"]
    assert "ManagedPolicyArns" not in role
    found = list(cfn.statements(role["Policies"]))
    actions = {a for s in found for a in cfn.listed(s["Action"])}
    assert actions <= {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "s3:GetObject",
        "s3:GetObjectVersion",
        "sqs:SendMessage",
        "s3:ListBucket",
        "s3:PutObject",
        "s3:GetObjectTagging",
        "s3:PutObjectTagging",
        "s3:GetObjectVersionTagging",
        "s3:PutObjectVersionTagging",
    }
    by_sid = {s["Sid"]: s for s in found}
    assert by_sid["SendResults"]["Resource"] == {"Fn::GetAtt": ["ResultsQueue", "Arn"]}
    assert by_sid["ConsumeIngestQueue"]["Resource"] == {"Fn::GetAtt": ["IngestQueue", "Arn"]}
    listing = by_sid["ListGtPrefix"]
    assert {"Fn::Sub": "${GtPrefix}*"} in listing["Condition"]["StringLike"]["s3:prefix"]


def test_template__oidc_role_trusts_one_repository():
    [path] = [p for p in INFRA if "oidc" in p.name]
    role = _load(path)["Resources"]["GitHubActionRole"]["Properties"]
    condition = role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
    sub = condition["StringLike"]["token.actions.githubusercontent.com:sub"]
    assert sub == {"Fn::Sub": "repo:${GitHubOwner}/${RepositoryName}:${SubjectFilter}"}
    assert condition["StringEquals"]["token.actions.githubusercontent.com:aud"] == (
        "sts.amazonaws.com"
    )


def test_template__revalidation_state_machine_wired(template):
    machine = template["Resources"]["RevalidateStateMachine"]["Properties"]
    assert (REPO / machine["DefinitionUri"]).is_file()
    assert machine["DefinitionSubstitutions"]["ValidatorFunctionArn"] == {
        "Fn::GetAtt": ["GtValidatorFunction", "Arn"]
    }
    bucket = template["Resources"]["GtBucket"]["Properties"]["NotificationConfiguration"]
    # The config-change rule fires only when the bucket sends its events to EventBridge.
    assert bucket["EventBridgeConfiguration"] == {"EventBridgeEnabled": True}
    assert (
        "ConfigChanged" in template["Resources"]["RevalidateStateMachine"]["Properties"]["Events"]
    )
