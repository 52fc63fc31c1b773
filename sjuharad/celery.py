"""The Celery app. Workers: `celery -A sjuharad worker`; schedule: `celery -A sjuharad beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sjuharad.settings")

app = Celery("sjuharad")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
