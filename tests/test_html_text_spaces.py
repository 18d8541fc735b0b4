"""html_to_text folds spaces without the regex it replaced (issue 19): the same text for any mix of spaces."""

from __future__ import annotations

import random

from extract.readers.html_text import _SPACES, _fold_spaces


def test_fold_spaces_equals_the_regex_on_random_mixes():
    rng = random.Random(19)
    alphabet = [" ", "\t", "\r", "\f", "\v", "\xa0", "\u3000", "a", "公", "开", "\n", "1"]
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _fold_spaces(s) == _SPACES.sub(" ", s), repr(s)


def test_long_runs_fold_to_one_space():
    assert _fold_spaces("a" + " \xa0\u3000\t" * 1000 + "b") == "a b"
