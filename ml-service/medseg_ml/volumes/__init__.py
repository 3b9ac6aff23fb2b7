"""Volumes: their grid, and the files written on it."""
