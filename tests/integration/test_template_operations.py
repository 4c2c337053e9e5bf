"""template.yaml as deployed: the permissions SAM resolves, failure queues, alarms, bucket
hygiene, and the pinned Lambda dependencies."""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest
from packaging.requirements import Requirement

from gt_validator.aws.events import GT_SUFFIX
from tests.integration import asl_sim, cfn

pytestmark = pytest.mark.integration

HANDLER = cfn.REPO / "handler"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return cfn.load()


@pytest.fixture(scope="module")
def resolved(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, Any]:
    """template.yaml after the SAM transform, as CloudFormation receives it: with the
    roles, policies and event source mappings SAM generates, not only those written."""
    samtranslator = pytest.importorskip("samtranslator.translator.transform")
    from samtranslator.yaml_helper import yaml_parse

    monkeypatch_module.setenv("AWS_DEFAULT_REGION", "us-east-1")
    doc = yaml_parse(cfn.TEMPLATE.read_text(encoding="utf-8"))
    # What `sam package` does before the transform: local paths become S3 locations.
    doc["Resources"]["GtValidatorFunction"]["Properties"]["CodeUri"] = "s3://artifacts/code.zip"
    machine = doc["Resources"]["RevalidateStateMachine"]["Properties"]
    machine["DefinitionUri"] = "s3://artifacts/revalidate.asl.json"

    class NoManagedPolicies:  # SAM asks for the account's managed policy ARNs by name
        def load(self) -> dict[str, str]:
            return {}

    parameters = {"BucketName": "gt-bucket", "ResourcesPrefix": "media/", "TagObjects": "true"}
    return dict(samtranslator.transform(doc, parameters, NoManagedPolicies()))


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_resolved_permissions__no_managed_policy_and_no_wildcard(resolved: dict[str, Any]) -> None:
    roles = {n: r for n, r in resolved["Resources"].items() if r["Type"] == "AWS::IAM::Role"}
    assert {"GtValidatorRole", "RevalidateRole"} <= set(roles)
    policies = [r for r in resolved["Resources"].values() if r["Type"].startswith("AWS::IAM::")]
    for resource in policies:
        # Account-wide managed policies (AWSLambdaSQSQueueExecutionRole, ...) never attached.
        assert not resource["Properties"].get("ManagedPolicyArns"), resource
    found = [s for r in policies for s in cfn.statements(r["Properties"].get("Policies", []))]
    assert len(found) > 10
    for statement in found:
        actions = cfn.listed(statement["Action"])
        assert not any("*" in a for a in actions), statement
        for text in cfn.strings(statement["Resource"]):
            assert text != "*" or set(actions) <= cfn.RESOURCELESS, statement


def test_resolved_permissions__the_ingest_queue_is_the_only_one_consumed(
    resolved: dict[str, Any],
) -> None:
    consuming = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"}
    iam = [r for r in resolved["Resources"].values() if r["Type"].startswith("AWS::IAM::")]
    targets = [
        s["Resource"]
        for r in iam
        for s in cfn.statements(r["Properties"].get("Policies", []))
        if consuming & set(cfn.listed(s["Action"]))
    ]
    assert targets == [{"Fn::GetAtt": ["IngestQueue", "Arn"]}]
    [mapping] = [
        r for r in resolved["Resources"].values() if r["Type"] == "AWS::Lambda::EventSourceMapping"
    ]
    assert mapping["Properties"]["EventSourceArn"] == {"Fn::GetAtt": ["IngestQueue", "Arn"]}


def test_template__each_failure_shape_has_its_own_alarmed_queue(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    notifications = resources["IngestQueue"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]
    config = resources["GtValidatorFunction"]["Properties"]["EventInvokeConfig"]
    invocations = config["DestinationConfig"]["OnFailure"]["Destination"]
    rule = resources["RevalidateStateMachine"]["Properties"]["Events"]["ConfigChanged"]
    events = rule["Properties"]["DeadLetterConfig"]["Arn"]
    queues = [q["Fn::GetAtt"][0] for q in (notifications, invocations, events)]
    assert len(set(queues)) == 3, queues  # never two message shapes in one queue
    watched = {
        a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in resources.values()
        if a["Type"] == "AWS::CloudWatch::Alarm"
        and a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
    }
    assert watched == set(queues)


def test_template__every_alarm_notifies_the_optional_topic(template: dict[str, Any]) -> None:
    alarms = {n: a for n, a in template["Resources"].items() if a["Type"].endswith("::Alarm")}
    metrics = {a["Properties"].get("MetricName") for a in alarms.values()}
    assert {"ApproximateNumberOfMessagesVisible", "Errors", "ApproximateAgeOfOldestMessage"} <= (
        metrics
    )
    runs = alarms["FailedRunsAlarm"]["Properties"]["Metrics"]
    assert {m["MetricStat"]["Metric"]["MetricName"] for m in runs if "MetricStat" in m} == {
        "ExecutionsFailed",
        "ExecutionsTimedOut",
        "ExecutionsAborted",
    }
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == {
            "Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]
        }, name


def test_template__reserved_concurrency_is_a_parameter(template: dict[str, Any]) -> None:
    function = template["Resources"]["GtValidatorFunction"]["Properties"]
    assert function["ReservedConcurrentExecutions"] == {
        "Fn::If": [
            "HasReservedConcurrency",
            {"Ref": "ReservedConcurrency"},
            {"Ref": "AWS::NoValue"},
        ]
    }
    assert template["Parameters"]["ReservedConcurrency"]["Default"] == 0  # 0: none reserved


def test_template__a_created_bucket_takes_tls_only_and_expires_old_versions(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    policy = resources["GtBucketPolicy"]
    assert policy["Condition"] == "MakeBucket"
    [deny] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert (deny["Effect"], deny["Principal"], deny["Action"]) == ("Deny", "*", "s3:*")
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    [rule] = resources["GtBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rule["NoncurrentVersionExpiration"] == {
        "NoncurrentDays": {"Ref": "NoncurrentVersionDays"}
    }
    assert "ExpirationInDays" not in rule  # current GT files never expire


def test_template__uploads_and_map_runs_agree_on_what_a_gt_file_is(
    template: dict[str, Any],
) -> None:
    bucket = template["Resources"]["GtBucket"]["Properties"]["NotificationConfiguration"]
    rules = bucket["QueueConfigurations"][0]["Filter"]["S3Key"]["Rules"]
    assert {"Name": "suffix", "Value": GT_SUFFIX} in rules


def test_template__memory_default_holds_the_measured_largest_file(
    template: dict[str, Any],
) -> None:
    """docs/deploy.md's measured table: the default MemorySize holds the peak of a
    largest admissible file full of findings plus the prefetch budget, with 25% room."""
    from gt_validator.aws.prefetch import PREFETCH_BUDGET_BYTES

    doc = (cfn.REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    peaks = [int(m) for m in re.findall(r"^\| 50 MiB [^|]*\|[^|]*\| (\d+) MB \|", doc, re.M)]
    assert peaks, "docs/deploy.md has no measured 50 MiB rows"
    need = (max(peaks) + PREFETCH_BUDGET_BYTES // 2**20) * 1.25
    assert template["Parameters"]["MemorySize"]["Default"] >= need


def test_template__requirements_are_locked_from_their_source() -> None:
    wanted = [
        Requirement(line)
        for line in (HANDLER / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lock = (HANDLER / "requirements.txt").read_text(encoding="utf-8")
    assert "uv pip compile handler/requirements.in" in lock.splitlines()[1]
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock, re.M))
    assert all("--hash=sha256:" in lock.split(f"{n}=={v}")[1][:90] for n, v in pins.items())
    for req in wanted:
        assert req.name in pins, f"{req.name} is not in the lock"
        assert req.specifier.contains(pins[req.name]), (req, pins[req.name])
    # The same packages as the install with the "lambda" extra (boto3 comes with the runtime).
    import tomllib

    project = tomllib.loads((cfn.REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["lambda"]]
    assert {Requirement(r).name for r in declared} - {"boto3"} == {r.name for r in wanted}


def test_state_machine__config_changes_start_pinned_runs_with_a_dead_letter_queue(
    template: dict[str, Any],
) -> None:
    rule = template["Resources"]["RevalidateStateMachine"]["Properties"]["Events"]
    props = rule["ConfigChanged"]["Properties"]
    # No Input: the event itself is the execution input, its version-id the run's pin.
    assert "Input" not in props and "InputTransformer" not in props
    assert props["DeadLetterConfig"]["Arn"] == {
        "Fn::GetAtt": ["RevalidateTriggerDeadLetterQueue", "Arn"]
    }
    machine = asl_sim.definition("b")
    check = machine["States"]["CheckConfig"]["Parameters"]["Payload"]["check_config"]
    assert check["input.$"] == "$.input"
    assert orjson.dumps(machine)  # the substituted definition is still JSON
