"""Casereader: case file examination for HMCPSI inspectors."""

__version__ = "0.1.0"
APP_NAME = "Casereader"
