"""privgen audit: visit a live site in Chromium and compare what it does with the statement in force."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from generator.audit.compare import audit_findings
from generator.audit.observe import observe
from generator.audit.report import AuditReport
from generator.errors import PrivgenError
from generator.profile.gather import gather_site
from generator.render.banner import revision


def audit(url: str, org: str, content: Path, pages: int = 5, page_seconds: float = 20, total_seconds: float = 300,
          settle_seconds: float = 1.0, ignore_https_errors: bool = False) -> AuditReport:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise PrivgenError(f"{url}: not a web address; give one starting with http:// or https://")
    statement = gather_site(content, (org,), check_locks=False).organisations[0].current
    # in a thread of its own: Playwright's synchronous API refuses a thread with an asyncio loop running
    with ThreadPoolExecutor(1, thread_name_prefix="privgen-audit") as thread:
        observed = thread.submit(observe, url, pages, page_seconds, total_seconds, settle_seconds,
                                 ignore_https_errors).result()
    findings = audit_findings(observed, statement.profile, statement.version_id)
    return AuditReport(url, org, statement.version_id, revision(statement.profile), observed.pages, tuple(findings))
