"""The generated pages in a real Chromium: axe-core, small screens, zoom, dark mode, keyboard."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

ORGS = ("clavis", "clientbox", "kaviaarshop", "softwarebedrijf", "vloet")
# Every HTML page the example build writes (the golden tree is that build, file for file).
GOLDEN = Path(__file__).resolve().parent.parent / "golden"
ALL = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html"))
# <org>/nl/ sends a reader on to <org>/ (the statement's own language is at the organisation's URL)
REDIRECTS = [path for path in ALL if 'http-equiv="refresh"' in (GOLDEN / path).read_text(encoding="utf-8")]
PAGES = [path for path in ALL if path not in REDIRECTS]


def test_every_generated_page_is_scanned() -> None:
    # 2 site index pages; per organisation, in Dutch and English, the current statement, the embed
    # page and the history (5 × 6); the banner's preview where there is a banner (2 × 2); 2 pages per
    # version (8 × 2); 3 change reports in 2 languages
    assert len(PAGES) == 2 + 30 + 4 + 16 + 6 and "clavis/changes/v1..2025-01-01/en/index.html" in PAGES
    assert REDIRECTS == [f"{org}/nl/index.html" for org in ORGS]


def test_the_statements_own_language_folder_leads_to_the_statement(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/nl/")
    page.wait_for_url(site_url + "clavis/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clavis Beheer BV")


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    assert axe_violations(page) == []  # statement pages: with the consent banner's first layer shown


@pytest.mark.parametrize("path", ["clavis/", "kaviaarshop/en/", "clavis/changes/v1..2025-01-01/"])
def test_page_has_no_axe_violations_in_dark_mode(page: Page, site_url: str, path: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + path)
    assert axe_violations(page) == []


# Elements wider than the box that shows them: a table cut off, or one to scroll sideways.
OVERFLOWING = """[...document.querySelectorAll('main *')].filter(e => {
  const style = getComputedStyle(e);
  return ['auto', 'scroll', 'hidden'].includes(style.overflowX) && e.clientWidth > 1  // not visually hidden
    && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_or_cuts_a_table_off_on_a_phone(page: Page, site_url: str, width: int) -> None:
    # 320 CSS px is WCAG 1.4.10 reflow; it is also 1280 px at 400 % zoom and covers 200 %.
    page.set_viewport_size({"width": width, "height": 640})
    wide = []
    for path in PAGES:
        page.goto(site_url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        overflowing = page.evaluate(OVERFLOWING)
        if scroll_width > width or overflowing:
            wide.append(f"{path}: {scroll_width} px {overflowing}")
    assert wide == []


def test_the_summary_table_is_one_card_per_purpose_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site_url + "kaviaarshop/en/")
    table = page.get_by_role("table", name="Overview by purpose")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(5)
    card = rows.first.bounding_box()
    assert card is not None and card["width"] <= 375 and card["height"] > 60  # a card, not a squeezed row
    label = rows.first.locator("td").first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Data: "'
    page.set_viewport_size({"width": 1280, "height": 800})
    header = table.get_by_role("columnheader", name="Legal basis")
    expect(header).to_be_visible()


# Cells of a table shown as cards that say "Label:" and nothing after it.
EMPTY_CARD_LINES = """[...document.querySelectorAll('table.stacks td[data-label]')]
  .filter(td => td.offsetParent !== null && !td.textContent.trim()).map(td => td.closest('tr').id + ': ' + td.dataset.label)"""


def test_a_card_on_a_phone_has_no_label_without_words(page: Page, site_url: str) -> None:
    # Clientbox's retention periods quote none of the statement's words: no column for them, on
    # a phone no line "In the statement's words:" with nothing after it
    page.set_viewport_size({"width": 375, "height": 740})
    empty = []
    for path in PAGES:
        page.goto(site_url + path)
        empty += [f"{path} {line}" for line in page.evaluate(EMPTY_CARD_LINES)]
    assert empty == []
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "clientbox/en/")
    table = page.get_by_role("table", name="Retention periods")
    expect(table.get_by_role("columnheader")).to_have_text(["What", "How long"])


def test_page_at_200_percent_zoom_keeps_content_and_table_reachable(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 640, "height": 400})  # a 1280 px window at 200 % zoom
    page.goto(site_url + "clavis/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    expect(page.get_by_role("table", name="Overzicht per doel")).to_be_visible()
    region = page.get_by_role("region", name="Bewaartermijnen")
    region.focus()
    expect(region).to_be_focused()


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/")
    page.evaluate("privacyConsent.set('necessary')")  # once chosen, the banner no longer comes first
    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_language_switch_links_to_the_english_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "kaviaarshop/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("navigation", name="Taal").get_by_role("link", name="EN – English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Your rights", level=2, exact=True)).to_be_visible()


def test_table_of_contents_links_reach_their_sections(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/")
    toc = page.get_by_role("navigation", name="Volledige verklaring: inhoud")
    toc.get_by_role("link", name="Hoe lang we uw gegevens bewaren").click()
    assert page.url.endswith("#retention")
    expect(page.get_by_role("heading", name="Hoe lang we uw gegevens bewaren")).to_be_in_viewport()


def test_pages_need_no_javascript(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "vloet/")
    expect(page.get_by_role("heading", name="Uw rechten", exact=True)).to_be_visible()
    expect(page.get_by_text("17178310")).to_be_visible()
    context.close()


def test_diff_report_marks_changes_in_text_not_only_colour(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/changes/v1..2025-01-01/")
    expect(page.get_by_role("heading", name="Is het wezenlijk?")).to_be_visible()
    inserted = page.locator("ins").filter(has_text="6").first
    expect(inserted).to_contain_text("[+")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="De tekst, woord voor woord")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_verdict_box_opens_with_its_heading(page: Page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "kaviaarshop/changes/2025-03-01..2027-01-01/en/")
    heading = page.get_by_role("heading", name="Does it matter?").bounding_box()
    box = page.get_by_role("region", name="Does it matter?").bounding_box()
    assert heading is not None and box is not None
    assert heading["y"] - box["y"] <= 24  # the box's border and padding, and no section margin above the words


def test_on_paper_the_redline_is_whole_and_each_unchanged_section_keeps_its_title(page: Page, site_url: str) -> None:
    page.goto(site_url + "kaviaarshop/changes/2018-04-30..2025-03-01/en/")
    page.emulate_media(media="print")
    # a title above each unchanged section's text, which paper shows unfolded
    for title in ("Who is responsible for your data", "What personal data we process", "Contact"):
        expect(page.get_by_text(f"Unchanged: {title}", exact=True)).to_be_visible()
    expect(page.get_by_text("Kaviaarshop is the controller: the organisation responsible")).to_be_visible()
    # a changed section whole, without its button
    expect(page.get_by_text("Show whole section").first).to_be_hidden()
    expect(page.get_by_role("heading", name="Who receives your data")).to_be_visible()
    # a long item of the redline may run on to the next page rather than leave one half blank
    item = page.locator(".redline-text li").filter(has_text="Mollie").first
    assert item.evaluate("li => getComputedStyle(li).breakInside") == "auto"


def test_print_stylesheet_hides_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Volledige verklaring: inhoud")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("path", ["clientbox/", "kaviaarshop/en/", "clavis/versions/", "clavis/changes/v1..2025-01-01/"])
def test_a_printed_page_has_no_banner_no_stray_separators_and_each_address_once(
        page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.emulate_media(media="print")
    printed = page.evaluate("document.body.innerText")
    lines = [line.strip() for line in printed.splitlines()]
    assert [line for line in lines if "· ·" in line or line.startswith("·") or line.endswith("·")] == []
    assert page.evaluate("[...document.body.children].filter(e => e.shadowRoot)"
                         ".every(e => getComputedStyle(e).display === 'none')")
    doubled = page.evaluate("""[...document.querySelectorAll('a[href^="http"]')].filter(a =>
        a.textContent.trim() === a.getAttribute('href') && getComputedStyle(a, '::after').content !== 'none'
      ).map(a => a.href)""")
    assert doubled == []


def test_untrusted_profile_text_never_executes(page: Page, xss_site: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("evil/", "evil/en/", "evil/versions/", ""):
        page.goto(xss_site + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss === undefined")
        # only the banner, and the settings layer it loads from beside itself
        assert page.evaluate(r"""[...document.scripts].map(s => s.src)
            .filter(src => !/\/consent(-settings\.[0-9a-f]{12})?\.js$/.test(src))""") == []
    assert dialogs == []
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.fixture
def xss_site(tmp_path: Path) -> object:
    from tests.browser.conftest import serve
    from tests.xss import build_xss_site

    yield from serve(build_xss_site(tmp_path))


def test_a_withdrawn_versions_notice_and_history_have_no_axe_violations(page: Page, tmp_path: Path) -> None:
    from generator.build import build
    from generator.commands.diff import withdraw_version
    from tests.browser.conftest import serve
    from tests.conftest import BUILD_DATE, CONTENT

    content, out = tmp_path / "content", tmp_path / "build"
    shutil.copytree(CONTENT / "kaviaarshop", content / "kaviaarshop")
    build(content, out, on=BUILD_DATE)
    withdraw_version(content, "kaviaarshop", "2018-04-30", "Deze versie noemde een betaaldienst die wij niet gebruiken.")
    build(content, out, on=BUILD_DATE)
    for url in serve(out):
        for path in ("kaviaarshop/versions/2018-04-30/", "kaviaarshop/versions/2018-04-30/en/", "kaviaarshop/versions/"):
            for width in (375, 1280):
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(url + path)
                assert axe_violations(page) == [], (path, width)
        expect(page.get_by_role("heading", name="Ingetrokken versies")).to_be_visible()


def test_on_a_statement_page_the_skip_link_comes_before_the_banner(page: Page, site_url: str) -> None:
    page.goto(site_url + "clavis/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de hoofdinhoud")).to_be_focused()
    page.keyboard.press("Tab")  # then the banner's first stop: the link to the statement
    banner = page.get_by_role("region", name="Cookies op deze website")
    expect(banner.get_by_role("link", name="Lees onze privacyverklaring")).to_be_focused()


@pytest.mark.parametrize(("path", "lang"), [("kaviaarshop/", "nl"), ("kaviaarshop/en/", "en")])
def test_the_banners_link_to_the_statement_leads_there(page: Page, site_url: str, path: str, lang: str) -> None:
    page.goto(site_url + path)
    name = "Lees onze privacyverklaring" if lang == "nl" else "Read our privacy statement"
    link = page.get_by_role("region", name="Cookies op deze website" if lang == "nl" else "Cookies on this website") \
        .get_by_role("link", name=name)
    with page.expect_response(lambda response: response.request.resource_type == "document") as answer:
        link.click()
    assert answer.value.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kaviaarshop")


def test_the_embed_page_copies_the_snippet_and_previews_the_banner(page: Page, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "kaviaarshop/en/embed.html")
    page.get_by_role("button", name="Copy the snippet").click()
    expect(page.get_by_role("status")).to_have_text("Copied.")
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(r'<script async src="consent\.[0-9a-f]{12}\.js" integrity="sha384-\S+" crossorigin="anonymous"></script>',
                        snippet)
    page.locator("iframe.preview").scroll_into_view_if_needed()
    preview = page.frame_locator("iframe[title='Preview of the cookie banner']")
    expect(preview.get_by_role("region", name="Cookies on this website")).to_be_visible()
    preview.get_by_role("button", name="Necessary only").click()
    expect(preview.get_by_role("status")).to_contain_text("Saved: strictly necessary.")


def test_without_javascript_the_embed_page_shows_no_dead_copy_button(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "kaviaarshop/embed.html")
    expect(page.get_by_role("button", name="Kopieer de code")).to_be_hidden()
    expect(page.get_by_text('integrity="sha384-', exact=False)).to_be_visible()
    context.close()


def test_the_embed_page_on_paper_keeps_the_snippet_and_drops_the_button_and_the_live_preview(page: Page,
                                                                                         site_url: str) -> None:
    page.goto(site_url + "kaviaarshop/en/embed.html")
    expect(page.get_by_role("button", name="Copy the snippet")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Copy the snippet")).to_be_hidden()
    expect(page.get_by_role("heading", name="Preview")).to_be_hidden()
    expect(page.locator("iframe.preview")).to_be_hidden()
    expect(page.get_by_text('integrity="sha384-', exact=False)).to_be_visible()


def test_the_consent_stats_page_has_no_axe_violations_and_fits_a_phone(page: Page, tmp_path: Path) -> None:
    from generator.consent.stats_page import render_stats

    rows = [(dt.date(2026, 11, day), [day, 2 * day % 7, day % 5, 3, day % 3]) for day in range(1, 15)]
    for lang, table in (("en", "Choices per day"), ("nl", "Keuzes per dag")):
        stats = tmp_path / f"stats.{lang}.html"
        stats.write_text(render_stats("Clavis Beheer BV", ["accept all", "necessary only", "settings: analytics",
                                                           "withdrawal", "GPC on"], rows, lang), encoding="utf-8")
        page.set_viewport_size({"width": 375, "height": 667})
        page.goto(stats.as_uri())
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.get_by_role("table", name=table).is_visible()
        page.emulate_media(media="print")  # the bars are backgrounds, which print leaves out unless told
        assert page.evaluate("getComputedStyle(document.querySelector('.bar span')).printColorAdjust") == "exact"
        page.emulate_media(media="screen")
