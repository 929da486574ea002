"""Moderation: blind second marking, agreement statistics, resolution and calibration."""
