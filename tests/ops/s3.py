"""A local S3-compatible server (moto in server mode) for storage tests."""

import pytest

from tests.smtp_sink import free_port

BUCKET = "kulturskola-test"
REGION = "eu-north-1"
KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


class S3:
    def __init__(self, endpoint):
        import boto3

        self.endpoint = endpoint
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                                   aws_access_key_id=KEYS["access_key"],
                                   aws_secret_access_key=KEYS["secret_key"])
        self.client.create_bucket(Bucket=BUCKET,
                                  CreateBucketConfiguration={"LocationConstraint": REGION})

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key):
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def storage_setting(self):
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": self.endpoint, "region_name": REGION,
            "location": "uploads", "default_acl": "private", "querystring_auth": True,
            "file_overwrite": False, **KEYS}}

    def env(self):
        """The same configuration as environment variables (sjuharad/settings.py)."""
        return {"STORAGE_S3_BUCKET": BUCKET, "STORAGE_S3_ENDPOINT_URL": self.endpoint,
                "STORAGE_S3_REGION": REGION, "STORAGE_S3_PREFIX": "uploads",
                "STORAGE_S3_ACCESS_KEY_ID": KEYS["access_key"],
                "STORAGE_S3_SECRET_ACCESS_KEY": KEYS["secret_key"]}


@pytest.fixture
def s3_server():
    """moto's S3 server on 127.0.0.1 and a free port, stopped after the test."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        yield S3(endpoint)
    finally:
        # moto keeps its buckets per process: empty them for the next test.
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset",
                                                      method="POST"), timeout=10).close()
        server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    """The portal's default storage is that server for this test."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_setting()}
    return s3_server
