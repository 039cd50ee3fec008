from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.banner.host_site import VARIANTS, HostSite, serve_host_site
from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (same Chromium setup)


# Every banner test runs on the full banner and on the lean one, without the code of Consent Mode
# and the consent log. A test of one of those two features takes the full file and the one with
# just that feature: @pytest.mark.parametrize("host_site", ["full", "consent-mode"], indirect=True).
@pytest.fixture(scope="module", params=VARIANTS)
def host_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    yield from serve_host_site(tmp_path_factory.mktemp("host"), request.param)


@pytest.fixture
def site(host_site: HostSite) -> HostSite:
    host_site.requests.clear()
    host_site.beacons.clear()
    return host_site
