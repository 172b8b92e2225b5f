"""Sourced numbers: unit costs, national figures and policy thresholds, kept as data."""
