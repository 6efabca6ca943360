# SPDX-License-Identifier: MIT
"""The CI configuration pith ships for its users: the GitHub workflows and the ClusterFuzzLite
integration. Workflows cannot run here, so these tests check what can be checked: every file
parses, and each says what the README promises (a workflow running .ci/run; PR fuzzing with
ASan and UBSan; batch fuzzing on a schedule; pruning and coverage). ci/test-ossfuzz-build runs
.clusterfuzzlite/build.sh as the service does. Run: /usr/bin/python3 -m pytest tests/test_ci_config.py
"""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CFLITE = ROOT / ".clusterfuzzlite"


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def steps_using(workflow, action):
    """(job name, step) for every step of the workflow that uses `action`."""
    out = []
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith(action):
                out.append((name, step))
    return out


def triggers(workflow):
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_workflow_parses_and_has_jobs_with_steps(path):
    w = load(path)
    assert isinstance(w, dict) and w.get("name") and triggers(w)
    assert w["jobs"], path
    for name, job in w["jobs"].items():
        assert job.get("runs-on"), (path.name, name)
        assert job.get("steps"), (path.name, name)


def test_the_ci_workflow_runs_ci_run_on_debian_12():
    w = load(WORKFLOWS / "ci.yml")
    runs = [s.get("run", "") for job in w["jobs"].values() for s in job["steps"]]
    assert "bash .ci/run" in runs
    assert any(job.get("container") == "debian:bookworm" for job in w["jobs"].values())
    assert {"push", "pull_request"} <= set(triggers(w))


def fuzz_modes(workflow):
    return {step["with"]["mode"] for _, step in
            steps_using(workflow, "google/clusterfuzzlite/actions/run_fuzzers@")}


def test_pr_fuzzing_runs_on_pull_requests_with_asan_and_ubsan():
    w = load(WORKFLOWS / "cflite_pr.yml")
    assert "pull_request" in triggers(w)
    assert fuzz_modes(w) == {"code-change"}
    job = w["jobs"]["PR"]
    assert set(job["strategy"]["matrix"]["sanitizer"]) == {"address", "undefined"}
    builds = steps_using(w, "google/clusterfuzzlite/actions/build_fuzzers@")
    assert builds and all(s["with"]["language"] == "c" for _, s in builds)


def test_batch_fuzzing_is_scheduled():
    w = load(WORKFLOWS / "cflite_batch.yml")
    assert triggers(w)["schedule"][0]["cron"]
    assert fuzz_modes(w) == {"batch"}
    assert set(w["jobs"]["BatchFuzzing"]["strategy"]["matrix"]["sanitizer"]) == {
        "address", "undefined"}


def test_cron_prunes_the_corpus_and_reports_coverage():
    w = load(WORKFLOWS / "cflite_cron.yml")
    assert triggers(w)["schedule"][0]["cron"]
    assert fuzz_modes(w) == {"prune", "coverage"}


def test_clusterfuzzlite_build_integration():
    assert load(CFLITE / "project.yaml") == {"language": "c"}
    docker = (CFLITE / "Dockerfile").read_text(encoding="utf-8")
    assert docker.splitlines()[1].startswith("# ") and "FROM gcr.io/oss-fuzz-base/base-builder" in docker
    for pkg in ("cmake", "pkg-config", "libgumbo-dev", "libjson-c-dev"):
        assert pkg in docker, pkg
    assert "COPY . $SRC/pith" in docker and "COPY .clusterfuzzlite/build.sh $SRC/" in docker
    build = CFLITE / "build.sh"
    assert build.stat().st_mode & 0o111, "build.sh must be executable"
    assert '"$SRC/pith/fuzz/build.sh"' in build.read_text(encoding="utf-8")
