"""Clean a scraped text dump line by line: keep title, byline, lead and body; drop chrome.

The page has already been flattened to text by a scraper, so there is no markup to lean on.
Like jusText does for HTML blocks, each line gets a score from generic features (length,
sentence punctuation, list bullets, repetition, runs of non-prose lines); the article body is
the earliest strong run of lines with a high total score, and chrome inside it is dropped.
Chrome phrases and words (``data/chrome_*.txt``) only make a line a suspect: it is dropped
when it is also shaped like chrome (a short label, beside other chrome, at an edge of the
text), never for a word alone, so a clean article with no chrome comes through whole.
Captions with their credits and the headlines after a "related" heading are kept aside.
Nothing here is keyed to one site or one article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from presslens.extraction.captions import split_credit
from presslens.extraction.lexicons import (
    InlinePhrases,
    chrome_lines,
    chrome_phrases,
    chrome_words,
    end_markers,
    normalise_line,
    related_markers,
)
from presslens.model import Caption

__all__ = ["CleanedText", "clean_text"]

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^(?:[*+\-o•·▪–]|\d{1,3}[.)])\s+")
_FULL_SENTENCE = re.compile(r"\w\W*[.!?]\W*$")
_SYMBOL_BULLET = re.compile(r"^[*+\-o•·▪–]\s+")  # numbered items are steps and rankings, rarely menus
_SENTENCE_END = re.compile(
    r"(?:[.!?…:;。！？]|[.!?,…][\"'”’»」）)\]]+)\s*$"
    r"|\w[.!?…][\"'”’»]*\s*[\[(][^\[\]()]{1,40}[\])]\s*$"  # a sentence, then its source: "... [NYT]"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_INSIDE = re.compile(r"\w[.!?]\s+[\"'“‘«(]?[A-ZÀ-Ý]")
_BYLINE = re.compile(r"^(?:by|von|por|par|di|door|av)\s+\S", re.IGNORECASE)
_DATE_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}:\d{2}\b|"
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(?:updated|published|posted)\b|"
    r"\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,10}\.?\s+(?:de\s+)?\d{4}\b",  # 3. März 2022, 5 de mayo de 2022
    re.IGNORECASE,
)
# A comment header: "reader123 on March 3 at 9:14 am said:". Body lines end in "said:" too
# (before a block quote), so the verb alone proves nothing: a date or time must go with it.
_SIGNATURE_VERB = re.compile(r"\b(?:said|says|wrote|writes|replied|replies)\s*:$", re.IGNORECASE)
_COMMENT_COUNT = re.compile(r"^\W*\d[\d,.]*\s+(?:comments?|replies|responses)\b", re.IGNORECASE)
_TRUNCATED = re.compile(r"\w\s?(?:\.\.\.|…)\s*$")
_COPYRIGHT_NOTICE = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}|all rights)|all rights reserved", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[.,;:!?。、，！？]")
_TIME_AGO = re.compile(r"^(?:updated\s+)?\d+\s*(?:[smhd]|mins?|minutes?|hrs?|hours?|days?)\s+ago$", re.IGNORECASE)
_TOC_NUMBER = re.compile(r"^[*+\-•·▪–]?\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")


# A block that comes before a bigger one (across a "Comments"/"Related" heading) is still
# the article when it holds this share of the bigger one's score, or this many words of
# prose: comments, teasers and related lists follow the article, they rarely precede it.
_EARLIER_BLOCK_SHARE = 0.4
_ARTICLE_SIZED_BLOCK = 250.0
_MAX_RELATED_BOX_LINES = 12  # a related-links box inside the article is at most this long
_ISLAND_WEIGHT = 0.7  # weight of prose with chrome on both sides (see _damp_islands)
# List items are less often article prose than paragraphs are (teaser lists, link lists).
_BULLET_WEIGHT = 0.7
_MAX_PROMPT_WORDS = 80  # a cookie banner or newsletter box is never longer than this
_MAX_SHORT_PROMPT_WORDS = 12  # a line this short with one chrome word is a suspect
_CHROME_WORD = re.compile(r"[\w-]+")
_MAX_SIGNATURE_WORDS = 15
_MIN_WRAPPED_WORDS = 6  # a line broken mid-sentence holds at least this many words
_WRAPPED_WEIGHT = 0.6  # per word, as for long lines without sentence punctuation
_CHROME_WALL_LINES = 4  # a run of non-prose lines this long, two of them chrome, splits blocks
_RUN_WEIGHT = 0.3  # extra weight per line of a run of non-prose lines (see _weigh_runs)
_MAX_ANNOUNCED_ITEMS = 30  # the longest list a body line ending in ":" may announce
_MAX_COMMENT_COUNT_WORDS = 6
# A bare credit line makes the line above it a caption only if that line is caption-sized;
# a longer one is the standfirst or a paragraph above a picture.
_MAX_CAPTION_WORDS = 40
_MAX_LABEL_WORDS = 12
# A newsletter or sign-up box inside the article splits it too: the part after it is the
# article going on when it weighs this share of the part chosen (teasers weigh less).
_SIGNUP_JOIN_SHARE = 0.3
_MAX_SIGNUP_BOX_LINES = 8
_MAX_LINK_LINE_WORDS = 30  # "Read more: <headline>": a label and a headline, never a paragraph  # a box label or a teaser headline under one
_MIN_TRAILING_WORDS = 20  # a paragraph ending in "..." beside prose is prose from this length
# A standfirst above the body, cut off from it by a byline, a date, a credit, a share bar or a
# short table of contents (see _lead_before): at most this many such lines, each this short.
_MAX_LEAD_GAP = 12
_MAX_LEAD_GAP_LINE_WORDS = 12
_MIN_LEAD_WORDS = 15
_MAX_LEAD_REACH = 40  # lines, table of contents included
_MAX_LEAD_LINES = 2


@dataclass(frozen=True, slots=True)
class CleanedText:
    """What a text dump holds once the chrome is gone."""

    title: str | None
    byline: str | None
    dateline: str | None  # a line before the body that holds a date, if any
    paragraphs: tuple[str, ...]
    captions: tuple[Caption, ...]
    related: tuple[str, ...]


@dataclass(slots=True)
class _Line:
    text: str
    words: int
    score: float = 0.0
    chrome: bool = False
    prompt: bool = False  # holds a chrome phrase (cookies, newsletter...): chrome if shaped like it
    strong_prompt: bool = False  # a prompt phrase, not one chrome word alone
    phrase_prompt: bool = False  # a prompt phrase ("sign up for our"), not chrome words alone
    caption: bool = False
    byline: bool = False
    marker: bool = False
    end: bool = False


@cache
def _link_labels() -> re.Pattern[str]:
    """ "Read more: <headline>": a label from data/chrome_link_labels.txt, then a separator."""
    path = Path(__file__).parent / "data" / "chrome_link_labels.txt"
    labels = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    alternatives = "|".join(re.escape(label) for label in labels if label and not label.startswith("#"))
    return re.compile(rf"^\W*(?:{alternatives})\s*(?:[:»|→>–]|-\s)\s*\S", re.IGNORECASE)


def _word_count(line: str) -> int:
    """Words, with CJK text (no spaces between words) counted as one word per two characters."""
    cjk = len(_CJK.findall(line))
    if cjk:
        return len(_WORD.findall(_CJK.sub(" ", line))) + cjk // 2
    return len(_WORD.findall(line))


def _split_lines(text: str) -> list[_Line]:
    lines = []
    for raw in text.splitlines():
        line = _SPACE.sub(" ", raw).strip()
        if line:
            lines.append(_Line(line, _word_count(line)))
    return lines


def _could_be_caption(line: _Line) -> bool:
    """A line a bare credit line can belong to: not chrome, not itself a credit."""
    return (
        not (line.chrome or line.marker or line.end or line.byline)
        and 3 <= line.words <= _MAX_CAPTION_WORDS
        and split_credit(line.text) is None
    )


def _find_captions(lines: list[_Line]) -> list[Caption]:
    """Caption lines are followed (or joined) by a credit, and scrapers often print them twice."""
    captions: list[Caption] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        split = split_credit(line.text)
        if split is None or _COPYRIGHT_NOTICE.search(line.text):
            continue
        before, credit = split
        line.caption = True
        previous = lines[i - 1] if i > 0 else None
        if not before and previous is not None and _could_be_caption(previous):
            before = previous.text
        if before:
            key = normalise_line(before)
            for other in lines:
                if normalise_line(other.text) == key:
                    other.caption = True
            if key not in seen:
                seen.add(key)
                captions.append(Caption(text=before, credit=credit))
    return captions


def _score(line: _Line, repeats: int) -> float:
    """Positive for prose, negative for chrome; magnitude grows with the words at stake."""
    text, words = line.text, line.words
    if line.chrome or line.caption:
        return -4.0 - 0.5 * words
    if line.marker:
        return -12.0
    if _URL.match(text):
        return -2.0
    bullet = _BULLET.match(text) is not None
    sentence_end = _SENTENCE_END.search(text) is not None
    sentences = len(_SENTENCE_INSIDE.findall(text)) + (1 if sentence_end else 0)
    if _TRUNCATED.search(text):
        return -0.2 * words  # a teaser cut short: "...may soon..." (but see _trailing_off)
    if repeats > 2 and words < 20:
        return -1.0 - 0.3 * words
    if words >= 20 and not _PUNCTUATION.search(text):
        return -0.2 * words  # a tag cloud or a flattened menu: many words, no punctuation
    if words >= 12 and (sentence_end or sentences >= 2):
        return (_BULLET_WEIGHT if bullet else 1.0) * words
    if words >= 30:
        return 0.6 * words
    if bullet:
        return -1.5 if words < 6 else (0.3 * words if sentence_end else -1.0)
    if words <= 2:
        return -1.5
    if sentence_end and words >= 6:
        return 0.4 * words
    return -1.0


def _best_block(scores: list[float]) -> tuple[int, int]:
    """The contiguous run with the largest sum (Kadane); empty when nothing is positive."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, value in enumerate(scores):
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _blocks(scores: list[float], lo: int, hi: int) -> list[tuple[float, int, int]]:
    """The best block of scores[lo:hi], then the best of what is left on either side, in
    order: a stretch can hold an article and, after a chrome box, a block of comments."""
    start, end = _best_block(scores[lo:hi])
    if end <= start:
        return []
    start, end = lo + start, lo + end
    total = sum(scores[start:end])
    return [*_blocks(scores, lo, start), (total, start, end), *_blocks(scores, end, hi)]


def _anchor_bonus(lines: list[_Line], start: int, total: float) -> float:
    """An article starts right after its byline or date line: such a block counts double
    when blocks are compared (comments and teasers have no byline above them)."""
    for line in lines[max(0, start - 4) : start]:
        if line.byline or (line.words <= 16 and _DATE_WORD.search(line.text)):
            return total
    return 0.0


def _chrome_walls(lines: list[_Line]) -> set[int]:
    """The last line of each long run of non-prose lines that holds chrome (a share bar and a
    menu, a forum's navigation): the text on either side is compared as separate blocks."""
    walls: set[int] = set()
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].score <= 0:
            run.append(i)
            continue
        if len(run) >= _CHROME_WALL_LINES and sum(lines[j].chrome for j in run) >= 2:
            walls.add(run[-1])
        run = []
    return walls


def _main_block(lines: list[_Line]) -> tuple[int, int]:
    """The best blocks of each stretch between end headings; the earliest strong one wins."""
    blocks: list[tuple[float, int, int]] = []
    segment_start = 0
    walls = _chrome_walls(lines)
    for i in range(len(lines) + 1):
        if i == len(lines) or lines[i].end or i in walls:
            scores = [line.score for line in lines[segment_start:i]]
            blocks.extend(
                (total + _anchor_bonus(lines, segment_start + start, total), segment_start + start, segment_start + end)
                for total, start, end in _blocks(scores, 0, len(scores))
            )
            segment_start = i + 1
    if not blocks:
        return 0, 0
    strongest = max(total for total, _, _ in blocks)
    enough = min(_EARLIER_BLOCK_SHARE * strongest, _ARTICLE_SIZED_BLOCK)
    index = next(i for i, b in enumerate(blocks) if b[0] >= enough)
    _, start, end = blocks[index]
    # A "Related stories" box inside the article splits it in two: join the parts back; so does
    # a sign-up box, with the article going on below it.
    for before in reversed(blocks[:index]):
        if not _only_a_related_box(lines, before[2], start):
            break
        start = before[1]
    chosen = blocks[index][0]
    for after in blocks[index + 1 :]:
        boxed = after[0] >= _SIGNUP_JOIN_SHARE * chosen and _only_a_signup_box(lines, end, after[1])
        if not (_only_a_related_box(lines, end, after[1]) or boxed):
            break
        end = after[2]
    return start, _with_announced_list(lines, end)


def _only_a_signup_box(lines: list[_Line], gap_start: int, gap_end: int) -> bool:
    """True when the lines between two blocks are a short newsletter or sign-up box: a prompt
    phrase among a few lines of buttons and labels, no heading that ends the article."""
    gap = lines[gap_start:gap_end]
    if not gap or len(gap) > _MAX_SIGNUP_BOX_LINES or not any(line.phrase_prompt for line in gap):
        return False
    return all(line.score <= 0 and not (line.end or line.marker) for line in gap)


def _with_announced_list(lines: list[_Line], end: int) -> int:
    """A body line ending in ":" announces what follows ("The rankings this week:"): a list
    of short items right after it belongs to the article, however little prose it holds."""
    if end == 0 or not lines[end - 1].text.endswith(":") or lines[end - 1].score <= 0:
        return end
    stop = end
    while stop < len(lines) and stop - end < _MAX_ANNOUNCED_ITEMS:
        line = lines[stop]
        if line.chrome or line.caption or line.marker or line.end or line.prompt or line.words > 40:
            break
        stop += 1
    return stop


def _only_a_related_box(lines: list[_Line], gap_start: int, gap_end: int) -> bool:
    """True when the lines between two blocks are a short related-links box and nothing else:
    a related heading, then headlines or chrome; no comment heading, no prose."""
    gap = lines[gap_start:gap_end]
    if not gap or len(gap) > _MAX_RELATED_BOX_LINES or not gap[0].marker:
        return False
    return all(line.score <= 0 and (line.marker or not line.end) for line in gap)


def _is_headline(line: _Line) -> bool:
    return 3 <= line.words <= 30 and not line.chrome and not line.caption and not line.byline


def _related_after(lines: list[_Line], start: int) -> list[str]:
    headlines: list[str] = []
    for line in lines[start:]:
        if line.chrome or line.marker or line.caption:
            if headlines:
                break
            continue
        if not _is_headline(line) or _BULLET.match(line.text) and line.words < 3:
            break
        headlines.append(_BULLET.sub("", line.text))
        if len(headlines) >= 20:
            break
    return headlines


def _prompt_shaped(line: _Line, prompts: InlinePhrases, words: frozenset[str]) -> int:
    """How much a line looks like a prompt: 3 for a prompt phrase in a line of banner size, 2
    for two chrome words in a short one; 1 for one chrome word in a short line ("Twitter" alone
    is as often the news as the share button); 0 for none."""
    if line.words <= _MAX_PROMPT_WORDS and prompts.search(line.text):
        return 3
    if line.words > _MAX_SHORT_PROMPT_WORDS:
        return 0
    return min(2, len(words.intersection(_CHROME_WORD.findall(line.text.lower()))))


def _comment_signature(lines: list[_Line], i: int) -> bool:
    """ "name said:" with the comment's date or time on the line itself or the next one."""
    line = lines[i]
    if line.words > _MAX_SIGNATURE_WORDS or _SIGNATURE_VERB.search(line.text) is None:
        return False
    if _DATE_WORD.search(line.text):
        return True
    following = lines[i + 1] if i + 1 < len(lines) else None
    return following is not None and following.words <= 10 and _DATE_WORD.search(following.text) is not None


def _scored_lines(text: str) -> tuple[list[_Line], list[Caption]]:
    """Every non-blank line with its flags and score, and the captions found on the way."""
    lines = _split_lines(text)
    chrome, prompts, words = chrome_lines(), chrome_phrases(), chrome_words()
    markers, ends = related_markers(), end_markers()
    for i, line in enumerate(lines):
        line.marker = markers.matches(line.text)
        # A whole line that is a chrome phrase ("Share", "Comments") is chrome, and so is a
        # label or button that starts like one ("Read more: <headline>", "Continue reading");
        # a full sentence that starts like one ("Watch the interview above.") is a suspect.
        short = not line.marker and line.words <= 8
        starts = short and chrome.matches_start(line.text)
        sentence = _FULL_SENTENCE.search(line.text) is not None and ":" not in line.text
        line.chrome = short and (chrome.matches_exactly(line.text) or (starts and not sentence))
        line.chrome = line.chrome or (line.words <= _MAX_LINK_LINE_WORDS and _link_labels().match(line.text) is not None)
        shaped = _prompt_shaped(line, prompts, words)
        line.prompt = not line.chrome and ((starts and sentence) or shaped > 0)
        line.strong_prompt = line.prompt and (starts or shaped > 1)
        line.phrase_prompt = line.prompt and shaped > 2
        signature = _comment_signature(lines, i)
        counter = line.words <= _MAX_COMMENT_COUNT_WORDS and _COMMENT_COUNT.search(line.text) is not None
        footer = line.words <= 30 and _COPYRIGHT_NOTICE.search(line.text) is not None
        line.end = signature or counter or footer or (
            line.words <= 8 and _BULLET.match(line.text) is None and ends.matches(line.text)
        )
        if signature or _TIME_AGO.match(line.text):
            line.chrome = True
        line.byline = line.words <= 15 and _BYLINE.match(line.text) is not None
    captions = _find_captions(lines)
    repeats = Counter(normalise_line(line.text) for line in lines)
    for line in lines:
        line.score = _score(line, repeats[normalise_line(line.text)])
        dateline = line.words <= 16 and _DATE_WORD.search(line.text) and not line.text.endswith(".")
        if line.byline or dateline:
            line.score = min(line.score, -3.0)
    _join_wrapped(lines)
    _trailing_off(lines)
    _settle_prompts(lines)
    _damp_islands(lines)
    _weigh_runs(lines)
    return lines, captions


def _join_wrapped(lines: list[_Line]) -> None:
    """A sentence the renderer broke across lines (at a <br>, or a hard wrap) is prose on both
    sides of the break: the next line goes on in lower case after a line with no sentence end."""
    for before, after in zip(lines, lines[1:]):
        if (
            after.text[:1].islower()
            and before.words >= _MIN_WRAPPED_WORDS
            and after.words >= 2
            and _SENTENCE_END.search(before.text) is None
            and not (before.chrome or before.prompt or before.caption or before.byline or after.chrome or after.prompt)
        ):
            before.score = max(before.score, _WRAPPED_WEIGHT * before.words)
            after.score = max(after.score, _WRAPPED_WEIGHT * after.words)


def _trailing_off(lines: list[_Line]) -> None:
    """A paragraph of several sentences may end in "..." as a teaser does; it is prose when it
    sits beside a paragraph of prose (teasers sit among links and buttons, or other teasers)."""
    truncated = [_TRUNCATED.search(line.text) is not None for line in lines]

    def prose(j: int) -> bool:
        return 0 <= j < len(lines) and lines[j].score > 0 and not truncated[j]

    for i, line in enumerate(lines):
        if (
            truncated[i]
            and line.words >= _MIN_TRAILING_WORDS
            and len(_SENTENCE_INSIDE.findall(line.text)) >= 1
            and not (line.chrome or line.prompt or line.caption)
            and _BULLET.match(line.text) is None
            and (prose(i - 1) or prose(i + 1))
            and not any(truncated[j] for j in (i - 1, i + 1) if 0 <= j < len(lines))
        ):
            line.score = float(line.words)


def _weigh_runs(lines: list[_Line]) -> None:
    """A run of lines that are not prose weighs more the longer it is: a subheading costs
    little, a long box of links or buttons splits the text it sits in."""
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].score <= 0:
            run.append(i)
            continue
        for j in run:
            lines[j].score -= _RUN_WEIGHT * (len(run) - 1)
        run = []


def _settle_prompts(lines: list[_Line]) -> None:
    """A line holding a prompt phrase is chrome unless it sits in the article's prose: a
    prose line beside it and no chrome on either side. A cookie banner or newsletter box comes
    at an edge of the page or among other chrome; a body sentence about a cookie factory or
    a newsletter comes between paragraphs."""

    def prose(j: int) -> bool:
        return 0 <= j < len(lines) and lines[j].score > 0 and not (lines[j].prompt or lines[j].chrome)

    def chrome(j: int) -> bool:
        return 0 <= j < len(lines) and (lines[j].chrome or lines[j].caption or lines[j].marker)

    def box(j: int, step: int) -> bool:  # two lines that are not prose: links, buttons, a footer
        return all(0 <= k < len(lines) and lines[k].score <= 0 for k in (j, j + step))

    suspects = [i for i, line in enumerate(lines) if line.prompt]
    settled = False
    while not settled:  # a stack of prompts settles from its chrome end inwards
        settled = True
        for i in suspects:
            if lines[i].chrome:
                continue
            boxed = lines[i].strong_prompt and (box(i - 1, -1) or box(i + 1, 1))
            if not (prose(i - 1) or prose(i + 1)) or chrome(i - 1) or chrome(i + 1) or boxed:
                lines[i].chrome, settled = True, False
                lines[i].score = -4.0 - 0.5 * lines[i].words


def _damp_islands(lines: list[_Line]) -> None:
    """Prose alone between chrome on both sides (a teaser in a list of teasers) counts less:
    article paragraphs come in runs."""
    original = [line.score for line in lines]
    for i in range(1, len(lines) - 1):
        if original[i] > 0 and original[i - 1] < 0 and original[i + 1] < 0:
            lines[i].score = original[i] * _ISLAND_WEIGHT


def _stray_label(lines: list[_Line], i: int, end: int) -> bool:
    """A short line inside the article that introduces no prose: not a sentence, not a list
    item, not announcing anything, and beside another line that is not prose. A subheading
    stands alone between paragraphs; "More on this topic", a teaser headline under a box
    label, or a tag list does not."""
    line = lines[i]
    if line.score > 0 or _FULL_SENTENCE.search(line.text) or _BULLET.match(line.text) or line.text.endswith(":"):
        return False
    if _announced(lines, i):
        return False
    label_after = i + 1 < end and lines[i + 1].score <= 0
    # two short lines between paragraphs are a box label and a teaser under it (the label is
    # dropped as label_after); the last of a longer run may introduce the next paragraph
    label_before = (
        line.words <= _MAX_LABEL_WORDS
        and i > 1
        and lines[i - 1].score <= 0
        and not lines[i - 1].text.endswith(":")
        and lines[i - 2].score > 0
    )
    return label_after or label_before


def _announced(lines: list[_Line], i: int) -> bool:
    """An item of a list that a line ending in ":" announces ("Three tips:"), bullets or not
    (some renderers drop them): only short items between the colon and this line."""
    j = i - 1
    while j >= 0 and i - j <= _MAX_ANNOUNCED_ITEMS:
        line = lines[j]
        if line.text.endswith(":"):
            return not (line.chrome or line.marker or line.end)
        if line.score > 0 or line.chrome or line.marker or line.end:
            return False
        j -= 1
    return False


def _is_lead(line: _Line) -> bool:
    """A standfirst: one full paragraph of prose, not a suspect of any kind."""
    return (
        line.score > 0
        and line.words >= _MIN_LEAD_WORDS
        and _SENTENCE_END.search(line.text) is not None
        and _BULLET.match(line.text) is None
        and not (line.chrome or line.prompt or line.caption or line.byline or line.marker or line.end)
    )


def _lead_before(lines: list[_Line], start: int, end: int) -> list[int]:
    """The standfirst above the body: a paragraph or two of prose under the headline that the
    byline, date, photo credit, share bar or a table of contents cut off from the body. Only
    short lines may lie between, and no heading that ends the article or opens a related box;
    the entries of a table of contents (the body's own subheadings) do not count as distance."""
    headings = {_toc_key(line.text) for line in lines[start:end] if line.score <= 0}
    i = start - 1
    gap = 0
    while i >= 0 and not _is_lead(lines[i]):
        line = lines[i]
        # a long line in between may be a photo caption, but not a list of teasers
        short = line.words <= _MAX_LEAD_GAP_LINE_WORDS or line.caption or (
            line.score <= 0 and _BULLET.match(line.text) is None
        )
        if line.marker or line.end or not short or gap >= _MAX_LEAD_GAP or start - i > _MAX_LEAD_REACH:
            return []
        gap += _toc_key(line.text) not in headings
        i -= 1
    if i == start - 1:
        return []
    lead: list[int] = []
    while i >= 0 and _is_lead(lines[i]) and len(lead) < _MAX_LEAD_LINES:
        lead.insert(0, i)
        i -= 1
    return lead


def _toc_key(text: str) -> str:
    """A heading as a table of contents lists it: "3.1 #1 Spielebogen" -> "#1 spielebogen"."""
    return _TOC_NUMBER.sub("", normalise_line(text))


def clean_text(text: str) -> CleanedText:
    """Split a scraped text dump into title, byline, body paragraphs, captions and related."""
    lines, captions = _scored_lines(text)
    start, end = _main_block(lines)
    seen: set[str] = set()
    paragraphs: list[str] = []
    lead = _lead_before(lines, start, end) if end > start else []
    for i in lead:
        seen.add(normalise_line(lines[i].text))
        paragraphs.append(lines[i].text)
    related: list[str] = []
    skip_until = 0
    for i in range(start, end):
        line = lines[i]
        key = normalise_line(line.text)
        if line.marker:
            headlines = _related_after(lines, i + 1)
            related = related or headlines
            skip_until = i + 1 + len(headlines)
            continue
        if i < skip_until:
            continue
        if line.chrome or line.caption or line.byline or key in seen or _URL.match(line.text):
            continue
        if _stray_label(lines, i, end):
            continue
        if _SYMBOL_BULLET.match(line.text) and line.words < 4:
            continue
        seen.add(key)
        paragraphs.append(line.text)
    if not related:
        for i in range(end, len(lines)):
            if lines[i].marker:
                related = _related_after(lines, i + 1)
                break
    byline = next((line.text for line in lines[: max(end, 1)] if line.byline), None)
    title = None
    for line in reversed(lines[: lead[0] if lead else start]):
        if _is_headline(line) and not line.marker and _BULLET.match(line.text) is None:
            if _DATE_WORD.search(line.text) and line.words < 8:
                continue
            title = line.text
            break
    dateline = next(
        (line.text for line in lines[: max(start, 1) + 2] if _DATE_WORD.search(line.text) and line.words <= 20), None
    )
    return CleanedText(
        title=title,
        byline=byline,
        dateline=dateline,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        related=tuple(related),
    )
