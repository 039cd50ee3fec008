from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.banner.host_site import HostSite, serve_host_site
from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (same Chromium setup)


@pytest.fixture(scope="module")
def host_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    yield from serve_host_site(tmp_path_factory.mktemp("host"))


@pytest.fixture
def site(host_site: HostSite) -> HostSite:
    host_site.requests.clear()
    host_site.beacons.clear()
    return host_site
