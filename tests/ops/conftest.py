"""Fixtures for the operations tests."""

from tests.ops.s3 import s3_server, s3_storage  # noqa: F401  (fixtures)
