"""Benchmarks (issue 6): parse speed and accuracy against an analyst's baseline, pipeline scaling, load rate.

Run ``make bench`` (full, writes bench/RESULTS.md) or ``python -m bench --quick`` (parse only, < 60 s).
"""
