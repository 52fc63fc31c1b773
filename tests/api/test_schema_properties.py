"""Schemathesis drives every operation of the OpenAPI schema (/api/v1/schema/) against the
WSGI app: no answer is a 500, and none contradicts the schema (status codes, content type,
headers, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sjuharad.wsgi import application

# Loaded once, at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


def test_the_schema_names_every_operation(client, db):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/municipalities/", "/api/v1/subjects/", "/api/v1/schools/",
        "/api/v1/schools/{slug}/", "/api/v1/courses/", "/api/v1/courses/{id}/",
        "/api/v1/events/", "/api/v1/events/{id}/", "/api/v1/events/{id}/programme/"}


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_the_schema(case, world):
    # Every check but "schema-valid data is accepted": an id or slug the schema cannot
    # enumerate (a municipality or subject that does not exist) is refused with a
    # documented 400, as the catalogue's own filter form refuses it.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
