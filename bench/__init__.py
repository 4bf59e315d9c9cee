"""Benchmarks (`make bench`): our client against databricks-sdk and bare httpx, side by side, same run."""
