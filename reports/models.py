"""Dashboards read from the other apps; stored reports (PDF) live here."""
