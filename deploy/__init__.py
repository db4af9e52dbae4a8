"""Serving the app to a class: deploy/classroom.py and its HAProxy template."""
