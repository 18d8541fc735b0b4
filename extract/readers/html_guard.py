"""A linear look at HTML markup before any tree is built: how deep would the parser's tree get?

Why it exists: an HTML5 tree builder (lexbor here) walks its stack of open elements on most start and end
tags ("is a <p> in button scope?"), so its time grows with the square of the nesting depth: 200,000 nested
``<div>`` (a 1 MB page) took 107 s, and a page of 19,000 nested tables 113 s. A real report page nests
about 20 elements deep (the Shanghai page: 13), so anything past ``MAX_DEPTH`` is refused before the parser
sees it.

How: one pass over the tags with a stack that follows the HTML5 tree builder's main rules (void elements,
raw-text elements, the implied ends of ``<p>``, ``<li>``, cells and rows, ``tbody`` inserted under a
table, end tags ignored when a scope boundary or a special element stands in the way). Where this model is
simpler than the standard it keeps elements open rather than closing them, so its depth errs on the deep
side and a page cannot slip a deep tree past it by mismatching tags. Every step is O(1) (positions per tag
name are kept, so no search walks the stack), and the scan stops at the first level past the limit.

No library offers this: html5lib and lxml build the tree (the thing being protected), and the HTML
tokenizers on PyPI are Python-speed per character.
"""

from __future__ import annotations

import re

MAX_DEPTH = 256  # ~20 in real reports; the parser's cost at 256 levels is a few milliseconds
# Pages with fewer tags than this cannot nest deep enough to cost the parser anything (5,000 nested <div>
# parse in 0.05 s), so they skip the scan: it is most of the cost of a small page.
FEW_TAGS = 3_000

SHRINK_PASSES = 3
# Tags left once text-only elements are removed: a report page leaves a few thousand (unclosed <p>, <td>);
# past this it is a dump or tag soup, and reading it would cost seconds.
MAX_UNPAIRED = 50_000
# Tags on the page at all: a report page has a few thousand, a 50 MB page of news filler 2 million.
MAX_TAGS = 4_000_000

_TAG = re.compile(rb"<(?:!--|(/?)([A-Za-z][A-Za-z0-9:_-]*))")
_COMMENT_END = re.compile(rb"-->")
_RAW_END = {name: re.compile(rb"</" + name + rb"[\s/>]", re.I)
            for name in (b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed",
                         b"noframes")}

VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr keygen basefont "
                 b"bgsound frame image".split())
# The standard's "special" category: an end tag of an ordinary element never closes across one of these.
SPECIAL = frozenset(b"address applet area article aside base basefont bgsound blockquote body br button "
                    b"caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure "
                    b"footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img "
                    b"input keygen li link listing main marquee menu meta nav noembed noframes noscript "
                    b"object ol p param plaintext pre script search section select source style summary "
                    b"table tbody td template textarea tfoot th thead title tr track ul wbr xmp".split())
# An element holding only text (and void tags such as <br>): ``<p>a<br>b</p>``, ``<td>0</td>``.
_LEAF_PAIR = re.compile(rb"<([A-Za-z][A-Za-z0-9:_-]*)\b[^<>]*>[^<]*(?:<(?:" + b"|".join(sorted(VOID))
                        + rb")\b[^<>]*>[^<]*)*</\1\s*>", re.I)
# "has an element in scope" stops at these (plus button for <p>, ol/ul for <li>).
SCOPE = frozenset(b"applet caption html table td th marquee object template".split())
FORMATTING = frozenset(b"a b big code em font i nobr s small strike strong tt u".split())
CLOSES_P = frozenset(b"address article aside blockquote center details dialog dir div dl fieldset "
                     b"figcaption figure footer header hgroup main menu nav ol p search section summary ul "
                     b"h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext xmp".split())
HEADINGS = frozenset(b"h1 h2 h3 h4 h5 h6".split())
CELLS = (b"td", b"th")
SECTIONS = (b"tbody", b"thead", b"tfoot")
# Start tags that close nothing: pushed without looking at the stack.
PLAIN = frozenset(n for n in SPECIAL | FORMATTING | frozenset(b"span o:p label sup sub".split())
                  if n not in CLOSES_P and n not in HEADINGS and n not in (b"option", b"table", b"tr", b"td",
                                                                           b"th", b"tbody", b"thead", b"tfoot"))


class _Stack:
    """The open elements, with each tag name's positions and the positions of scope boundaries and
    special elements, so that "nearest X above the nearest Y" is a comparison, not a walk."""

    __slots__ = ("names", "where", "scope", "special", "stop_li", "stop_dd", "dead")

    def __init__(self) -> None:
        self.names: list[bytes | None] = []
        self.where: dict[bytes, list[int]] = {}
        self.scope: list[int] = []
        self.special: list[int] = []
        # special elements other than address, div, p (and the item itself) end the search for an open
        # <li> (or <dd>/<dt>) that a new one closes
        self.stop_li: list[int] = []
        self.stop_dd: list[int] = []
        self.dead = 0  # formatting elements taken out of the middle of the stack (their slot stays)

    def push(self, name: bytes) -> None:
        i = len(self.names)
        self.names.append(name)
        self.where.setdefault(name, []).append(i)
        if name in SCOPE:
            self.scope.append(i)
        if name in SPECIAL:
            self.special.append(i)
            if name not in (b"address", b"div", b"p", b"li"):
                self.stop_li.append(i)
            if name not in (b"address", b"div", b"p", b"dd", b"dt"):
                self.stop_dd.append(i)

    def pop_to(self, i: int) -> None:
        """Pop the element at position ``i`` and everything above it."""
        names, where = self.names, self.where
        while len(names) > i:
            j = len(names) - 1
            name = names.pop()
            if name is None:
                self.dead -= 1
                continue
            where[name].pop()
            for marks in (self.scope, self.special, self.stop_li, self.stop_dd):
                if marks and marks[-1] == j:
                    marks.pop()

    def top(self, name: bytes) -> int:
        """Position of the nearest open ``name``, -1 if none."""
        found = self.where.get(name)
        return found[-1] if found else -1

    def nearest(self, names: tuple[bytes, ...]) -> int:
        return max(self.top(n) for n in names)

    def in_scope(self, i: int, extra: tuple[bytes, ...] = ()) -> bool:
        """Is the element at ``i`` above every scope boundary (and above the nearest of ``extra``)?"""
        bound = self.scope[-1] if self.scope else -1
        if extra:
            bound = max(bound, self.nearest(extra))
        return i >= 0 and i >= bound


def max_depth(markup: bytes, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting the markup reaches (stopping as soon as it passes ``limit``)."""
    st = _Stack()
    names = st.names
    deepest = 0
    pos = 0
    search = _TAG.search
    while (m := search(markup, pos)) is not None:
        pos = m.end()
        name = m.group(2)
        if name is None:  # a comment: skip to its end (an unclosed comment runs to the end of the page)
            end = _COMMENT_END.search(markup, pos)
            if end is None:
                break
            pos = end.end()
            continue
        name = name.lower()
        if m.group(1):
            if names and names[-1] == name:  # the common case: closing the current element
                st.pop_to(len(names) - 1)
            else:
                _end_tag(st, name)
            continue
        if name in VOID:
            continue
        if name in PLAIN:
            st.push(name)
        else:
            _start_tag(st, name)
        depth = len(names) - st.dead
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        raw = _RAW_END.get(name)
        if raw is not None:  # script, style …: their content is text, whatever it looks like
            end = raw.search(markup, pos)
            if end is None:
                break
            pos = end.start()
        elif name == b"plaintext":
            break
    return deepest


def _start_tag(st: _Stack, name: bytes) -> None:
    if name in CLOSES_P:
        p = st.top(b"p")
        if st.in_scope(p, (b"button",)):
            st.pop_to(p)
    if name in HEADINGS and st.names and st.names[-1] in HEADINGS:
        st.pop_to(len(st.names) - 1)
    elif name == b"li" or name in (b"dd", b"dt"):
        item, stops = (st.top(b"li"), st.stop_li) if name == b"li" else (st.nearest((b"dd", b"dt")), st.stop_dd)
        if item >= 0 and item > (stops[-1] if stops else -1):
            st.pop_to(item)
    elif name == b"option" and st.names and st.names[-1] == b"option":
        st.pop_to(len(st.names) - 1)
    elif name in CELLS or name == b"tr" or name in SECTIONS or name == b"table":
        _table_part(st, name)
    st.push(name)


def _table_part(st: _Stack, name: bytes) -> None:
    """Rows, cells and sections close what they replace; tbody and tr are implied as the parser does."""
    table = st.top(b"table")
    if table < 0:
        return  # outside a table the parser ignores these; keeping them open errs on the deep side
    cell = max(st.nearest(CELLS), st.top(b"caption"))
    if name == b"table":
        if cell < table:  # <table> straight inside a table (not in a cell) closes the open table
            st.pop_to(table)
        return
    if name in SECTIONS:
        st.pop_to(table + 1)
        return
    if name == b"tr":
        row = st.top(b"tr")
        if row > table:
            st.pop_to(row)
        elif cell > table:
            st.pop_to(cell)
        if st.names[-1] == b"table":
            st.push(b"tbody")
        return
    # a cell: closes the open cell of this table, and needs a row (and a tbody) around it
    if cell > table:
        st.pop_to(cell)
    if st.names[-1] == b"table":
        st.push(b"tbody")
    if st.names[-1] in SECTIONS:
        st.push(b"tr")


def _end_tag(st: _Stack, name: bytes) -> None:
    i = st.top(name)
    if i < 0 or name in VOID:
        return  # nothing of that name is open: the parser ignores it
    if name in (b"table", *SECTIONS, b"tr", *CELLS, b"caption"):
        if name == b"table" or i > st.top(b"table"):
            st.pop_to(i)
        return
    if name in SPECIAL:
        extra = (b"button",) if name == b"p" else (b"ol", b"ul") if name == b"li" else ()
        if st.in_scope(i, extra):
            st.pop_to(i)
        return
    # an ordinary or formatting element: closed if no special element was opened inside it
    if not st.special or st.special[-1] < i:
        st.pop_to(i)
    elif name in FORMATTING and st.in_scope(i):
        # the adoption agency takes the formatting element out and leaves the blocks inside it open
        st.names[i] = None
        st.where[name].pop()
        st.dead += 1
    # else: an ordinary end tag across a special element is ignored by the parser


def check_nesting(markup: bytes) -> str | None:
    """A one-line reason when the markup nests too deep (or is too much tag soup) for a report page.

    Big pages are first shrunk at C speed: a pass removes every innermost element that holds only text
    (``<span>…</span>``), which cannot change how deep anything else nests, only lower the maximum by one,
    so the limit is lowered by one per pass. What is left after a few passes is what the tree builder
    would have to struggle with, and the scan reads only that: a 50 MB page of well-formed paragraphs
    shrinks to its few hundred unpaired tags.
    """
    tags = markup.count(b"<")
    if tags < FEW_TAGS:
        return None
    if tags > MAX_TAGS:
        return f"HTML has {tags} tags (limit {MAX_TAGS}): a dump or tag soup, not a report page"
    passes = 0
    left = tags
    while passes < SHRINK_PASSES and left >= FEW_TAGS:
        markup = _LEAF_PAIR.sub(b"", markup)
        passes += 1
        before, left = left, markup.count(b"<")
        if left > MAX_UNPAIRED and left > 0.9 * before:
            break  # the pass found little to remove: more passes will not either
    if left > MAX_UNPAIRED:
        return f"HTML has {left} unpaired tags (limit {MAX_UNPAIRED}): hostile or broken markup, not a report page"
    if left < FEW_TAGS:
        return None
    if max_depth(markup, MAX_DEPTH - passes) > MAX_DEPTH - passes:
        return f"HTML nests over {MAX_DEPTH} elements deep: hostile or broken markup, not a report page"
    return None
