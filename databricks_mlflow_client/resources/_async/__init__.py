"""The async resources: the one written source of every resource (scripts/unasync.py makes ../_sync)."""
