"""A throwaway PostgreSQL cluster for the consent store's tests (tests/consent/processes.py). Under
CI=true a missing PostgreSQL fails the run; elsewhere its tests are skipped."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.consent.processes import Cluster, available, throwaway_cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    if not available():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is missing: run scripts/test, which installs Debian's postgresql")
        pytest.skip("PostgreSQL is missing: run scripts/test, which installs it")
    with throwaway_cluster() as cluster:
        yield cluster
