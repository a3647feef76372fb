"""Shared REST API pieces. DRF loads each by dotted name from settings, so none is imported here."""
