"""Well-known providers whose services put personal data in their hands: where the company behind
them is established, and whether they serve advertising, social networks or analytics (so that
their cookies are never strictly necessary). The check uses it to recognise a transfer outside the
EEA or a recipient that a statement leaves out; each entry names a public source for its country.

A statement names a provider by a product or brand as often as by the company ("Google Analytics",
"YouTube", "AddThis"): `names` are the lower-case words that point to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Provider:
    company: str
    # ISO 3166-1 alpha-2: where the company behind the service is established. Where that is outside
    # the EEA, data reaches it there even when an EEA subsidiary (Google Ireland, Meta Platforms
    # Ireland) is the contracting party: a transfer the statement must state.
    country: str | None  # None: not recorded here (only what its cookies are for is)
    names: tuple[str, ...]
    source: str  # a public page that says where the company is established
    tracks: bool = True  # advertising, social network or analytics: its cookies are never strictly necessary
    domains: tuple[str, ...] = ()  # the sites its services load from or send to (each with its subdomains)


PROVIDERS: tuple[Provider, ...] = (
    Provider("Google LLC", "US", ("google", "youtube", "doubleclick", "google analytics"),
             "https://en.wikipedia.org/wiki/Google",
             domains=("google-analytics.com", "googletagmanager.com", "doubleclick.net", "google.com", "googleapis.com",
                      "gstatic.com", "googlesyndication.com", "googleadservices.com", "youtube.com",
                      "youtube-nocookie.com", "ytimg.com")),
    Provider("Meta Platforms, Inc.", "US", ("facebook", "meta", "instagram", "whatsapp"),
             "https://en.wikipedia.org/wiki/Meta_Platforms",
             domains=("facebook.com", "facebook.net", "fbcdn.net", "instagram.com")),
    Provider("Microsoft Corporation", "US", ("microsoft", "bing", "linkedin", "microsoft clarity"),
             "https://en.wikipedia.org/wiki/Microsoft",
             domains=("clarity.ms", "bing.com", "linkedin.com", "licdn.com")),
    Provider("Amazon.com, Inc.", "US", ("amazon", "aws", "amazon web services"),
             "https://en.wikipedia.org/wiki/Amazon_(company)", tracks=False,
             domains=("amazon-adsystem.com",)),
    Provider("Oracle Corporation", "US", ("oracle", "addthis"), "https://en.wikipedia.org/wiki/AddThis",
             domains=("addthis.com", "addthisedge.com")),
    Provider("Intuit Inc. (Mailchimp)", "US", ("mailchimp",), "https://en.wikipedia.org/wiki/Mailchimp",
             domains=("mailchimp.com", "list-manage.com", "chimpstatic.com")),
    Provider("X Corp.", "US", ("twitter", "x corp"), "https://en.wikipedia.org/wiki/Twitter",
             domains=("twitter.com", "x.com", "twimg.com")),
    Provider("Pinterest, Inc.", "US", ("pinterest",), "https://en.wikipedia.org/wiki/Pinterest",
             domains=("pinterest.com", "pinimg.com")),
    Provider("Snap Inc.", "US", ("snapchat",), "https://en.wikipedia.org/wiki/Snap_Inc.",
             domains=("snapchat.com", "sc-static.net")),
    Provider("TikTok (ByteDance Ltd.)", None, ("tiktok",), "https://en.wikipedia.org/wiki/TikTok",
             domains=("tiktok.com", "tiktokcdn.com")),
    Provider("HubSpot, Inc.", "US", ("hubspot",), "https://en.wikipedia.org/wiki/HubSpot",
             domains=("hubspot.com", "hs-scripts.com", "hs-analytics.net", "hsforms.com")),
    Provider("Hotjar Ltd", "MT", ("hotjar",), "https://en.wikipedia.org/wiki/Hotjar",
             domains=("hotjar.com", "hotjar.io")),
    Provider("Criteo S.A.", "FR", ("criteo",), "https://en.wikipedia.org/wiki/Criteo",
             domains=("criteo.com", "criteo.net")),
    Provider("Cloudflare, Inc.", "US", ("cloudflare",), "https://en.wikipedia.org/wiki/Cloudflare", tracks=False,
             domains=("cloudflareinsights.com",)),
)

# Words in a statement that place a party in the United States ("het Amerikaanse bedrijf Google").
US_CUES = re.compile(r"\b(?:Amerikaans\w*|Verenigde Staten|VS|USA|U\.S\.|United States|American)\b")


@cache
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # a longer name also at the start of a Dutch compound ("Facebookaccount"); a short one only as a
    # word of its own, so that "meta" is not found in "metagegevens"
    return re.compile(r"\b(?:" + "|".join(re.escape(name) + ("" if len(name) >= 6 else r"\b") for name in names) + ")",
                      re.IGNORECASE)


def provider_named(text: str) -> Provider | None:
    """The provider a name or phrase points to ("Google Analytics" → Google), if any."""
    return next((p for p in PROVIDERS if _pattern(p.names).search(text)), None)


def providers_named(text: str) -> list[Provider]:
    """Every provider a text points to, in the order of the table."""
    return [p for p in PROVIDERS if _pattern(p.names).search(text)]


def on_host(host: str, domains: tuple[str, ...]) -> bool:
    """Whether a host is one of the domains or below one of them (www.facebook.com: facebook.com)."""
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def provider_of_host(host: str) -> Provider | None:
    """The provider whose service a request to this host goes to, if the table knows it."""
    return next((p for p in PROVIDERS if on_host(host, p.domains)), None)
