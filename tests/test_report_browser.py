"""The report page in a real browser (headless Chromium), used as a person would use it.

These tests skip when no Chromium is installed, unless ``CLEANWIRE_REQUIRE_BROWSER=1``
(set by ``.ci/run``) says the browser must be there: then a missing browser fails.
One browser session serves the whole module.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from cleanwire import Cleaner
from cleanwire.model import Stage

from . import browser as chromium

CORPUS = {
    "harbour.txt": (
        "Source: Coastal Wire\n"
        "The harbour board met on Monday to approve a second berth.\n"
        "ALSO READ: Ferry fares rise again this winter\n"
        "Work on the berth starts in Siestan-o-Baluchistan in May.\u00a0\n"
        "\n\n\n"
        "The board will meet again next month.\n"
    ),
    "council.txt": (
        "The city council voted to extend the night bus service.\n"
        "Follow us on Twitter for live updates\n"
        "Councillors said the trial had cut late-night car journeys.\n"
        "Advertisement\n"
        "The extension runs until the end of the year.\n"
    ),
    "clean.txt": "Rain delayed the harvest in the valley.\nFarmers said the late rain came at a bad time.\n",
    "hostile.md": (
        "Members debated the <b>plan</b> for three hours </script><script>window.hacked = 1</script>\n"
        'The report mentions <img src="http://example.invalid/x.png" onerror="window.hacked = 2"> twice.\n'
        "Read more: Markets steady after a quiet week\n"
    ),
}


@pytest.fixture(scope="module")
def session():
    browser, driver, reason = chromium.find()
    if browser is None:
        if os.environ.get(chromium.REQUIRE) == "1":
            pytest.fail(f"{chromium.REQUIRE}=1 but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    driver = chromium.start(1200, 900)
    yield driver
    chromium.stop(driver)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus, its report page, and the same figures as JSON."""
    from cleanwire.report.command import main

    root = tmp_path_factory.mktemp("report")
    folder = root / "news"
    folder.mkdir()
    for name, content in CORPUS.items():
        (folder / name).write_text(content, encoding="utf-8")
    page = root / "report.html"
    figures = root / "report.json"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["news", "-o", str(page), "-q", "--isolated"]) == 0
        assert main(["news", "--format", "json", "-o", str(figures), "-q", "--isolated"]) == 0
    finally:
        os.chdir(cwd)
    return page, json.loads(figures.read_text(encoding="utf-8"))


@pytest.fixture
def page(session, built):
    """The page freshly opened from disk; the network log holds only what it asked for."""
    path, data = built
    session.get("about:blank")
    session.get_log("performance")  # drop what came before
    session.get(path.as_uri())
    return session, path, data


def visible_docs(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('article.doc')).filter(a => !a.hidden)"
        ".map(a => a.querySelector('h3').textContent)"
    )


def line_removals(raw: str) -> set[int]:
    cleaner = Cleaner()
    line_rules = {r.code for r in cleaner.rules if r.stage == Stage.LINES}
    return {c.line for c in cleaner.explain(raw).changes if c.code in line_rules and c.replacement == ""}


def test_opens_from_disk_without_any_network_request(page):
    driver, path, data = page
    url = path.as_uri()
    time.sleep(0.3)  # let anything the page might start show up in the log
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append((message["params"].get("documentURL"), message["params"]["request"]["url"]))
    from_page = [u for doc, u in requests if doc == url]
    assert from_page == [url], f"the page asked for more than itself: {from_page}"
    assert not [u for _, u in requests if u.split(":")[0] in ("http", "https", "ws", "wss", "ftp")]
    # The style sheet and the script ran under the page's Content-Security-Policy.
    assert driver.execute_script("return getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(22, 50, 79)"
    problems = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not problems
    assert driver.execute_script("return window.hacked") is None


def test_counts_on_the_page_equal_the_json_figures(page):
    driver, _, data = page
    shown = driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('[data-figure]'))"
        ".map(e => [e.dataset.figure, [e.dataset.value, e.textContent]]))"
    )
    keys = ["documents", "documents_changed", "documents_budget_kept", "lines", "lines_removed", "characters",
            "characters_removed", "changes", "skipped", "errors"]
    assert set(keys) <= set(shown)
    for key in keys:
        value, visible_text = shown[key]
        assert int(value) == data[key] and int(visible_text.replace(",", "")) == data[key], key
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('table.rules tbody tr')).map(tr => ["
        "tr.dataset.rule, ...['changes', 'lines_removed', 'documents'].map("
        "c => tr.querySelector('[data-col=' + c + ']').textContent)])"
    )
    expected = [[r["code"], str(r["changes"]), str(r["lines_removed"]), str(r["documents"])] for r in data["rules"]]
    assert rows == expected
    bars = driver.execute_script(
        "return Array.from(document.querySelectorAll('#chart-rules g.bar')).map(g => [g.dataset.label, +g.dataset.value])"
    )
    assert bars == [[r["code"], r["changes"]] for r in data["rules"]]
    assert driver.find_element("id", "shown").text == f"{len(CORPUS)} of {len(CORPUS)} documents shown"


def test_a_rule_filter_hides_the_other_documents(page):
    driver, _, data = page
    button = driver.find_element("css selector", "button.filter[data-rule='CW201']")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert visible_docs(driver) == ["news/harbour.txt"]
    assert driver.find_element("id", "shown").text == f"1 of {len(CORPUS)} documents shown"
    button.click()
    assert len(visible_docs(driver)) == len(CORPUS)
    family = driver.find_element("css selector", "button.filter[data-family='page-furniture']")
    family.click()
    assert visible_docs(driver) == ["news/council.txt"]
    driver.find_element("id", "show-all").click()
    assert len(visible_docs(driver)) == len(CORPUS)
    # The code buttons of the rules table filter too.
    driver.find_element("css selector", "button.rule-filter[data-rule='CW202']").click()
    assert visible_docs(driver) == ["news/hostile.md"]


def test_search_finds_a_removed_line(page):
    driver, _, _ = page
    box = driver.find_element("id", "search")
    box.send_keys("ferry fares")
    assert visible_docs(driver) == ["news/harbour.txt"]
    hits = driver.find_elements("css selector", "article.doc:not([hidden]) li.hit")
    assert len(hits) == 1 and "removed" in hits[0].get_attribute("class").split()
    assert hits[0].text == "ALSO READ: Ferry fares rise again this winter"
    box.clear()
    box.send_keys("no document says this")
    assert visible_docs(driver) == []


def test_struck_lines_are_exactly_those_explain_reports(page):
    driver, path, _ = page
    struck = driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('article.doc')).map(a => ["
        "a.querySelector('h3').textContent,"
        "Array.from(a.querySelectorAll('li.removed')).map(li => +li.dataset.line)]))"
    )
    assert set(struck) == {f"news/{name}" for name in CORPUS}
    for name, raw in CORPUS.items():
        assert set(struck[f"news/{name}"]) == line_removals(raw), name
    assert sum(len(v) for v in struck.values()) >= 5
    # ...and what the page strikes is the text of the line
    first = driver.find_element("xpath", "//article[h3='news/harbour.txt']//li[contains(@class, 'removed')]/del")
    assert first.text == "Source: Coastal Wire"


def test_hover_and_keyboard_focus_name_the_rule(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver, _, _ = page
    tip = "return getComputedStyle(arguments[0], '::after').getPropertyValue('content')"
    mark = driver.find_element("xpath", "//article[h3='news/council.txt']//li[contains(@class, 'removed')]/del")
    assert driver.execute_script(tip, mark) in ("none", "normal", "")
    ActionChains(driver).move_to_element(mark).perform()
    assert driver.execute_script(tip, mark) == '"CW301 follow-prompt"'
    # Keyboard: from the last filter button, Tab reaches the marks of the first document.
    driver.find_element("id", "show-all").send_keys("")
    seen = []
    for _ in range(60):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        code = active.get_attribute("data-code")
        if code:
            seen.append((code, driver.execute_script(tip, active)))
            if len(seen) == 3:
                break
    assert seen and seen[0] == ("CW301", '"CW301 follow-prompt"')  # news/council.txt comes first
    assert all(content.startswith(f'"{code} ') for code, content in seen)


def test_labelled_page_marks_and_filters_what_the_labels_say_is_wrong(session, tmp_path):
    from cleanwire.report.command import main

    records = [
        {"id": "a1", "raw": "Harbour berth approved\nThe board approved a berth.\nALSO READ: Ferry fares rise\n"
                            "This page is brought to you by the Harbour Weekly team.\nThe work on the berth starts in May.\n",
         "boilerplate_line_numbers": [3]},
        {"id": "c1", "category": "clean", "raw": "Rain delays harvest\nFarmers said the rain came late.\n"},
        {"id": "b2", "raw": "Source: PTI\nThe talks resumed on Monday.\n", "boilerplate_line_numbers": [0]},
    ]
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    page = tmp_path / "labelled.html"
    assert main(["--labels", str(labelled), "-o", str(page), "-q", "--isolated"]) == 0
    session.get(page.as_uri())
    assert len(visible_docs(session)) == 3
    session.find_element("id", "only-misses").click()
    assert visible_docs(session) == ["a1"]
    missed = session.find_element("css selector", "li.missed")
    lost = session.find_element("css selector", "li.lost")
    assert missed.get_attribute("data-line") == "4" and "missed boilerplate" in missed.text
    assert lost.get_attribute("data-line") == "3" and "removed" in lost.get_attribute("class").split()
    assert session.find_element("css selector", "[data-figure='labels.wrongly_removed']").text == "1"
    session.find_element("id", "show-all").click()
    assert len(visible_docs(session)) == 3


def test_screenshot_is_not_blank(page, tmp_path):
    driver, _, _ = page
    driver.find_element("id", "show-all").click()
    shot = driver.get_screenshot_as_png()
    (tmp_path / "report.png").write_bytes(shot)
    width, height, _, _ = chromium.png_pixels(shot)
    assert (width, height) == (1200, driver.execute_script("return window.innerHeight"))
    assert chromium.grey_variance(shot) > 100
