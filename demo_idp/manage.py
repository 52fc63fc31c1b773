#!/usr/bin/env python
"""The demo identity provider's manage.py (a project of its own, never part of the portal)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idp_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
