"""What every app of the portal shares: mail, private files, environment readers, the
privacy registry and the lock-wait helper.

The bottom layer: it imports no app of the portal (import-linter checks it).
"""
