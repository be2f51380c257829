"""End to end in a real browser (Debian's chromium through playwright): search, open an
article, see its quotes highlighted, open a speaker, see the chart; phone widths; the
keyboard; and a hostile page whose scripts must never run (issue 10).

Screenshots of each page go to ``test-output/web/`` (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.issue(10), pytest.mark.slow]  # the samples go through the whole pipeline

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], errors  # our own script never throws


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _tab_to(page: Any, selector: str, presses: int = 60) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_open_an_article_see_quotes_open_a_speaker_see_the_chart(page: Any, live_samples: Any) -> None:
    page.goto(live_samples.url + "/")
    assert page.locator(".top-speakers li").count() > 0
    _shot(page, "home")

    page.fill("#home-q", "crossings")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=crossings*")
    assert page.locator(".article-hit").count() > 0 and page.locator(".quote-hit").count() > 0
    matched = page.locator(".snippet mark").all_inner_texts()
    assert matched and all("crossings" in text.lower() for text in matched)
    _shot(page, "search")

    page.locator(".article-hit a", has_text="Island ferry adds early crossings").click()
    page.wait_for_url("**/articles/*")
    article_id = page.url.rsplit("/", 1)[1]
    stored = httpx.get(f"{live_samples.url}/api/articles/{article_id}").json()
    assert stored["quotes"], "the sample article has quotes"
    # every quote is highlighted once, and can take keyboard focus
    assert page.locator("mark.q[tabindex='0']").count() == len(stored["quotes"])
    colours = page.eval_on_selector_all("mark.q", "marks => marks.map(m => getComputedStyle(m).backgroundColor)")
    speakers = {q["speaker"] for q in stored["quotes"] if q["speaker"]}
    if len(speakers) > 1:
        assert len(set(colours)) > 1, "quotes are coloured by speaker"
    for quote in stored["quotes"]:
        mark = page.locator(f"#q{quote['id']}")
        assert quote["text"].startswith(mark.inner_text())

    # the quote's speaker, cue, act and confidence show on keyboard focus...
    _tab_to(page, "mark.q")
    tip = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    focused = page.evaluate("() => document.activeElement.dataset.tip")
    assert focused and "confidence" in focused and focused in tip
    _shot(page, "article-focus")
    # ...and on hover
    page.keyboard.press("Escape")
    last = page.locator("mark.q[tabindex='0']").last
    last.hover()
    hovered = last.evaluate("(m) => getComputedStyle(m, '::after').content")
    assert last.get_attribute("data-tip") in hovered
    # the side list takes you to a quote (our script)
    page.locator(".quote-list a").last.click()
    assert page.evaluate("() => document.activeElement.id") == last.get_attribute("id")
    _shot(page, "article")

    speaker_link = page.locator(".legend a").first
    name = speaker_link.inner_text()
    speaker_link.click()
    page.wait_for_url("**/speakers/*")
    assert page.locator("h1").inner_text() == name
    # quoted in March and September 2024: seven months, two bars drawn
    bars = page.locator("#chart svg rect.bar")
    assert [bars.nth(i).get_attribute("data-month") for i in (0, bars.count() - 1)] == ["2024-03", "2024-09"]
    heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
    assert bars.count() == 7 and sum(1 for h in heights if h > 0) == 2
    box = page.locator("#chart svg").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    assert page.locator(".quote-item").count() > 0
    _shot(page, "speaker")


def test_a_speakers_quotes_are_filtered_from_the_form(page: Any, live_samples: Any) -> None:
    speaker = httpx.get(f"{live_samples.url}/api/speakers").json()["items"][0]
    page.goto(f"{live_samples.url}/speakers/{speaker['id']}")
    before = page.locator(".quote-item").count()
    page.select_option("select[name=kind]", "direct")
    page.locator("form.filters button").click()
    page.wait_for_url("**kind=direct*")
    api = httpx.get(f"{live_samples.url}/api/speakers/{speaker['id']}", params={"kind": "direct"}).json()
    assert page.locator(".quote-item").count() == len(api["quotes"]["items"]) <= before


def test_pages_fit_a_phone_without_sideways_scrolling(browser: Any, live_samples: Any) -> None:
    article = httpx.get(f"{live_samples.url}/api/articles").json()["items"][0]["id"]
    speaker = httpx.get(f"{live_samples.url}/api/speakers").json()["items"][0]["id"]
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    for name, path in [("home", "/"), ("search", "/search?q=council"), ("article", f"/articles/{article}"), ("speaker", f"/speakers/{speaker}"), ("quotes", "/quotes"), ("speakers", "/speakers"), ("articles", "/articles")]:
        phone.goto(live_samples.url + path)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
        _shot(phone, f"phone-{name}")
    context.close()


def test_nothing_from_a_hostile_page_runs(browser: Any, live_hostile: Any) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    listed = httpx.get(f"{live_hostile.url}/api/articles").json()["items"]
    assert len(listed) == 1
    article = listed[0]["id"]
    stored = httpx.get(f"{live_hostile.url}/api/articles/{article}").json()
    assert "<script>" in stored["article"]["text"], "the page's escaped markup is now literal article text"
    speaker_ids = sorted(set(stored["speaker_ids"].values()))
    paths = ["/", "/articles", f"/articles/{article}", "/search?q=script", "/search?q=tower", "/quotes?everything=true", "/speakers"]
    paths += [f"/speakers/{s}" for s in speaker_ids]
    for path in paths:
        page.goto(live_hostile.url + path)
        page.mouse.move(200, 200)
        for mark in page.locator("mark.q").all()[:5]:
            mark.hover()
        assert page.evaluate("() => typeof window.__pwned") == "undefined", path
        injected = page.evaluate(
            "() => document.querySelectorAll('main script, main img, main iframe, main svg:not(#chart svg)"
            ", [onerror], [onload], [onclick], [onmouseover], a[href^=javascript]').length"
        )
        assert injected == 0, path
    page.goto(f"{live_hostile.url}/articles/{article}")
    shown = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned=10</script>" in shown  # shown as text, not run
    _shot(page, "hostile-article")
    assert dialogs == []
    context.close()


def test_the_api_docs_draw_with_nothing_fetched_from_elsewhere(page: Any, live_samples: Any) -> None:
    elsewhere: list[str] = []

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(live_samples.url + "/"):
            route.continue_()
        else:  # a CDN, a font service: offline machines have none
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto(live_samples.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)  # the operations, drawn from /openapi.json
    assert "/api/quotes" in page.locator("body").inner_text()
    assert elsewhere == []
    _shot(page, "docs")
