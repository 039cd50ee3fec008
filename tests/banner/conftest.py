from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.banner.host_site import VARIANTS, HostSite, serve_host_site
from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (same Chromium setup)


# Every banner test runs on both files a site can be served: the full banner, and the lean one
# without the code of Consent Mode and the consent log. A test of those two features takes the
# full one only, with @pytest.mark.parametrize("host_site", ["full"], indirect=True).
@pytest.fixture(scope="module", params=VARIANTS)
def host_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    yield from serve_host_site(tmp_path_factory.mktemp("host"), request.param)


@pytest.fixture
def site(host_site: HostSite) -> HostSite:
    host_site.requests.clear()
    host_site.beacons.clear()
    return host_site
