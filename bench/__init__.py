"""Benchmark: the national-scale dataset and the measurements (``python -m bench.run``)."""
