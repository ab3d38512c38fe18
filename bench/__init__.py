"""Benchmarks: the seed data generator (``bench.seed``, ``manage.py bench_seed`` under
``bench.settings``), the load runner (``bench/load.py``) and the page-weight scripts."""
