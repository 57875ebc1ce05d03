"""Make docs/report.png and docs/report-documents.png: the report page of a small
invented corpus in headless Chromium, its top and its documents (a mark focused, so
its rule shows).

    python docs/report_screenshot.py              # writes both into docs/
    python docs/report_screenshot.py -o /tmp/x    # into another folder

Every document below was written for this picture; none comes from a real outlet.
Needs Chromium, its driver and Selenium (see tests/browser.py).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402

CORPUS = {
    "2024/harbour-berth.txt": (
        "Source: Coastal Wire\n"
        "The harbour board approved a second berth on Monday after a two-year review.\n"
        "ALSO READ: Ferry fares rise again this winter\n"
        "Work on the berth starts in Siestan-o-Baluchistan in May.\u00a0\n"
        "\n\n\n"
        "The board will meet again next month to award the contract.\n"
    ),
    "2024/night-buses.txt": (
        "The city council voted to extend the night bus service until December.\n"
        "Follow us on Twitter for live updates\n"
        "Councillors said the trial had cut late-night car journeys by a fifth.\n"
        "Advertisement\n"
        "The extension costs less than the council had feared.\n"
    ),
    "2024/harvest.txt": (
        "Rain delayed the harvest in the valley for a second week.\n"
        "Farmers said the late rain came at the worst possible time.\n"
    ),
    "2024/bridge.txt": (
        "The river bridge reopened on Friday after repairs to its deck.\n"
        "Read more: Minister said \u201cthe repairs were overdue\u201d at the opening\n"
        "Engineers will inspect the bridge again in the spring.\n"
        "(With inputs from agencies)\n"
    ),
    "2024/promo-page.txt": (
        "Source: Coastal Wire\n"
        "ALSO READ: Ten walks for the weekend\n"
        "Follow us on Twitter\n"
        "A short note on the walks.\n"
    ),
    "2025/library.txt": (
        "The mayor opened the new library on Saturday.\n"
        "Hundreds of residents queued to get in.  \n"
        "\u2022 Source: Valley Times\n"
    ),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs"), help="folder to write the pictures into")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1900, help="height of the picture (the top of the page)")
    args = parser.parse_args(argv)

    from cleanwire.report.command import main as report

    with tempfile.TemporaryDirectory() as work:
        work_path = pathlib.Path(work)
        for name, text in CORPUS.items():
            path = work_path / "news" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        page = work_path / "report.html"
        cwd = os.getcwd()
        os.chdir(work_path)
        try:
            status = report(["news", "-o", str(page), "--isolated", "-q", "--title", "cleanwire report: news"])
        finally:
            os.chdir(cwd)
        if status != 0:
            return status
        session = browser.start(args.width, args.height)
        try:
            session.get(page.as_uri())
            top = session.get_screenshot_as_png()
            session.set_window_size(args.width, 1100)
            session.execute_script("document.getElementById('documents').scrollIntoView()")
            mark = session.find_element("xpath", "//article[h3='news/2024/harbour-berth.txt']//li[contains(@class, 'removed')]/del")
            session.execute_script("arguments[0].focus({preventScroll: true})", mark)
            documents = session.get_screenshot_as_png()
        finally:
            browser.stop(session)
    folder = pathlib.Path(args.output)
    for name, shot in (("report.png", top), ("report-documents.png", documents)):
        variance = browser.grey_variance(shot)
        if variance < 100:
            print(f"{name}: the screenshot looks blank (variance {variance:.0f})", file=sys.stderr)
            return 1
        (folder / name).write_bytes(shot)
        print(f"wrote {folder / name} ({len(shot) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
