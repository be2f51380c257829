"""The API fuzzed from its own OpenAPI schema (schemathesis): valid and invalid parameters
alike, never a server error, and every documented status and content type (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

pytestmark = [pytest.mark.issue(10), pytest.mark.slow]  # the samples go through the whole pipeline

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (a dev dependency)")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance  # noqa: E402

EXAMPLES = 150  # per generation mode, over all operations: bounded, so the suite stays quick
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def api_schema(samples_db: Path) -> Any:
    from presslens.web.app import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(samples_db))


# schemathesis.pytest.from_fixture does not run under pytest 9 (it reads a removed node
# attribute), so the cases come from the schema's Hypothesis strategy instead.
@pytest.mark.parametrize("mode", ["POSITIVE", "NEGATIVE"])
def test_the_api_never_answers_with_a_server_error(api_schema: Any, mode: str) -> None:
    operations = {result.ok().path for result in api_schema.get_all_operations()}
    assert {"/api/quotes", "/api/search", "/api/articles/{article_id}", "/api/speakers/{speaker_id}"} <= operations
    seen: set[str] = set()

    @given(case=api_schema.as_strategy(schemathesis.GenerationMode[mode]))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def call(case: Any) -> None:
        seen.add(case.path)
        response = case.call()
        assert response.status_code < 500, (case.path, case.path_parameters, case.query, response.text)
        case.validate_response(response, checks=CHECKS)
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"ok", "error", "code", "status"} and body["status"] == response.status_code

    call()
    assert len(seen) >= 5, seen  # the examples reached most operations, not one
