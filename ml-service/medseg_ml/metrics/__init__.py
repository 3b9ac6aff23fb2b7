"""Segmentation metrics shared by training, inference and evaluation."""
