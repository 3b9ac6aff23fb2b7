"""Evaluation and batch-inference jobs, their metrics and reports, and model export."""
