"""Positional boilerplate rules: where in a document a line may be removed.

A line can match rules of more than one position. Each position must then act on
its own rule: a bare agency name is a sign-off in the closing block and a byline
above the first paragraph, and the one rule must not hide the other.
"""

from cleanwire import Cleaner, clean

PROSE = (
    "The rupee ended almost unchanged against the US dollar on Monday as importers' "
    "demand offset inflows from foreign banks, dealers said in the afternoon session."
)
MORE = "Dealers expect the currency to stay in a narrow range until the central bank meets."


def test_agency_name_is_a_byline_at_the_top_and_a_sign_off_at_the_end():
    text = f"Rupee ends flat\n\nPTI\n\n{PROSE}\n\n{MORE}\n\nPTI\n"
    assert clean(text) == f"Rupee ends flat\n\n{PROSE}\n\n{MORE}\n"


def test_agency_name_between_paragraphs_stays():
    text = f"{PROSE}\n\nPTI\n\n{MORE}\n"
    assert clean(text) == text


def test_each_position_reports_its_own_rule():
    changes = Cleaner().explain(f"Rupee ends flat\n\nReuters\n\n{PROSE}\n\n{MORE}\n\nReuters\n").changes
    assert [(c.code, c.line) for c in changes if c.code.startswith("CW1")] == [("CW106", 3), ("CW103", 9)]


def test_custom_rules_with_one_pattern_in_two_positions_both_act():
    rules = [
        {"code": "CW951", "name": "edition-sign-off", "position": "trailing", "patterns": ["night edition"]},
        {"code": "CW952", "name": "edition-head", "position": "head", "patterns": ["night edition"]},
    ]
    cleaner = Cleaner(rules=rules)
    text = f"Headline\n\nNight Edition\n\n{PROSE}\n\nNight Edition\n\n{MORE}\n\nNight Edition\n"
    assert cleaner.clean(text) == f"Headline\n\n{PROSE}\n\nNight Edition\n\n{MORE}\n"


def test_leading_block_stops_at_the_first_line_no_leading_rule_matches():
    text = f"Example.com\n\nHeadline\n\nExample.com\n\n{PROSE}\n"
    assert clean(text) == f"Headline\n\nExample.com\n\n{PROSE}\n"


def test_page_date_under_the_headline_goes_but_a_date_in_the_body_stays():
    text = f"Rupee ends flat\n\nJan 12, 2024 10:00 AM IST\n\n{PROSE}\n\nJanuary 13, 2024\n\n{MORE}\n"
    assert clean(text) == f"Rupee ends flat\n\n{PROSE}\n\nJanuary 13, 2024\n\n{MORE}\n"


def test_glued_date_time_and_update_stamp_under_the_headline_goes():
    text = f"Rupee ends flat\n\nJanuary 12, 20248:30 AM GMT+5Updated 2 hours ago\n\n{PROSE}\n"
    assert clean(text) == f"Rupee ends flat\n\n{PROSE}\n"


def test_in_a_text_of_short_paragraphs_the_head_ends_at_the_first_sentence():
    # No line is long enough to be prose by its length: the first sentence ends the
    # page's head, and the dates, figures and names under it are the story's.
    timeline = "Key dates\nThe case has moved slowly.\nMarch 3, 2021\nThe reference is filed.\nJune 14, 2022\nCharges are framed.\n"
    scores = "Final score\nPakistan beat India in the final.\nPakistan\n3\nIndia\n2\nThe winning goal came late.\n"
    results = "By-election results\nThe commission announced the results.\nPTI\n45,210\nPPP\n12,004\nTurnout was 41 per cent.\n"
    for text in (timeline, scores, results):
        assert clean(text) == text
    # Above that sentence, the page's stamp still goes.
    assert clean(f"Rupee ends flat\nJan 12, 2024 10:00 AM IST\n{MORE}\n") == f"Rupee ends flat\n{MORE}\n"


def test_a_gallery_storys_headline_stays_on_the_first_line_over_a_paragraph():
    # `Photos: …` is a promo for a gallery anywhere but at the top of the gallery's own
    # story, where a paragraph follows it (CW205 says `spares_headline = true`).
    headline = "Photos: Rupee holds steady as importers return"
    assert clean(f"{headline}\n\n{PROSE}\n\n{MORE}\n") == f"{headline}\n\n{PROSE}\n\n{MORE}\n"
    # Under the story's headline, over a paragraph or not, it is a promo.
    assert clean(f"Rupee ends flat\n\n{headline}\n\n{PROSE}\n") == f"Rupee ends flat\n\n{PROSE}\n"
    assert clean(f"{PROSE}\n\n{headline}\n\n{MORE}\n") == f"{PROSE}\n\n{MORE}\n"
    # Over a short line (the story's own headline), it is a promo above it.
    assert clean(f"{headline}\nRupee ends flat\n{PROSE}\n") == f"Rupee ends flat\n{PROSE}\n"


def test_a_custom_rule_may_spare_the_headline_and_says_so_with_a_boolean():
    import pytest

    from cleanwire.rules.lines import PatternError

    rule = {"code": "CW801", "name": "slot-promo", "patterns": ["on air: .{1,80}+"], "spares_headline": True}
    text = f"On air: The rupee this week\n\n{PROSE}\n\nOn air: The budget special\n"
    assert Cleaner(rules=[rule]).clean(text) == f"On air: The rupee this week\n\n{PROSE}\n"
    assert Cleaner(rules=[{**rule, "spares_headline": False}]).clean(text) == f"{PROSE}\n"
    with pytest.raises(PatternError, match="spares_headline must be true or false"):
        Cleaner(rules=[{**rule, "spares_headline": "yes"}])


def test_a_leading_rule_that_spares_the_headline_spares_it_too():
    rule = {"code": "CW802", "name": "kicker", "position": "leading", "patterns": ["exclusive: .{1,80}+"], "spares_headline": True}
    text = f"Exclusive: The rupee this week\n\n{PROSE}\n"
    assert Cleaner(rules=[rule]).clean(text) == text
    assert Cleaner(rules=[{**rule, "spares_headline": False}]).clean(text) == f"{PROSE}\n"
