"""Warm inference: model cards, cached weights, loaded networks and the segmentation of one image."""
