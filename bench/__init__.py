"""Rebound's benchmarks (`make bench`, or `python -m bench`): measurements a person repeats by
hand to see how fast Rebound answers, never timed tests. See `bench/RESULTS.md`."""
