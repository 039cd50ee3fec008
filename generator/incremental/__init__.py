"""The speed layer that only the build and the live server use: cache keys, the kept values, worker processes."""
