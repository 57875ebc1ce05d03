"""The structure stage (CW7xx): the document model, each finder, and what it must never take."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cleanwire
from cleanwire import Cleaner
from cleanwire.rules.structure import RULES, find_furniture
from cleanwire.rules.structure.document import Document, describe, reads_as_prose, shape_cache
from cleanwire.rules.structure.vocabulary import packaged
from cleanwire.testing import prose_lines

CASES = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "cases"

P1 = "The council approved the new budget on Tuesday after a long debate about school funding and road repairs."
P2 = "Members said the plan would be reviewed again in the spring, when the first figures for the year are in."
P3 = "The opposition voted against it, saying the money for rural clinics had been cut for a third year."

STRUCTURE_ONLY = Cleaner(select=["CW7"])


def removed(text: str, cleaner: Cleaner = STRUCTURE_ONLY) -> list[tuple[str, str]]:
    """(code, removed line) of every structure removal."""
    return [(c.code, c.removed) for c in cleaner.explain(text).changes if c.code.startswith("CW7")]


def zones(text: str) -> dict[str, list[str]]:
    lines = text.split("\n")
    doc = Document(lines, {}, packaged())
    found: dict[str, list[str]] = {"head": [], "body": [], "tail": []}
    for i in doc.alive:
        found[doc.zone(i)].append(lines[i])
    return found


# ------------------------------------------------------------------ the model


def test_zones_are_head_body_and_tail_around_the_prose():
    text = f"Crime\nCouncil approves new budget\n{P1}\nWhat happens next\n{P2}\nFloods close the road\n"
    z = zones(text)
    assert z["head"] == ["Crime", "Council approves new budget"]
    assert z["body"] == [P1, "What happens next", P2]
    assert z["tail"] == ["Floods close the road"]


def test_hard_wrapped_wire_copy_is_prose_not_short_lines():
    wire = (
        "The Finance Ministry has proposed\n"
        "informally to its bond underwriting syndicate that the coupon\n"
        "on the January 10-year government bond remain unchanged from\n"
        "February at five pct, underwriting sources said.\n"
        "    They said the ministry wants a small rise in issue\n"
        "price from February to a record low yield.\n"
    )
    z = zones(wire)
    assert z["head"] == [] and z["tail"] == []
    assert removed(wire) == []


def test_a_list_of_headlines_is_not_a_wrapped_paragraph():
    text = f"{P1}\n{P2}\nFloods close the coastal road\nMinister opens new bridge\nMarkets rally on budget day\n"
    assert zones(text)["tail"] == ["Floods close the coastal road", "Minister opens new bridge", "Markets rally on budget day"]


@pytest.mark.parametrize(
    "line,prose",
    [
        (P1, True),
        ("He left.", False),  # too short to be a paragraph
        ("Gold prices plummet in Pakistan, global markets", False),
        ("For the first time, a flight carrying an all-female crew and…", False),
        ("Officials met at the ninth congress of the society held in", False),  # cut teaser
        ("Rescue workers carry a boy through the flooded street in the old town. (AP Photo)", False),
        ("सरकार ने आज नई योजना की घोषणा की और किसानों को राहत मिलेगी।", True),
        ("政府今天宣布新的经济计划城市居民表示支持。", True),
    ],
)
def test_what_reads_as_prose(line, prose):
    assert reads_as_prose(describe(0, line)) is prose


# ------------------------------------------------------------------ each rule


def test_repeated_line_keeps_the_first_copy():
    text = f"Council approves new budget\n{P1}\nCouncil approves new budget\n{P2}\n"
    assert removed(text) == [("CW701", "Council approves new budget")]


def test_short_repeats_inside_the_story_stay():
    text = f"{P1}\nQ: Why now?\n{P2}\nQ: Why now?\n{P3}\n"
    assert removed(text) == []


@pytest.mark.parametrize(
    "stamp",
    [
        "2021 Mar 19, 19:05, Kathmandu",
        "Saturday 1440/9/20 - 2019/05/25",
        "11:16 LOCAL TIME 08:16 GMT",
        "Publish Date : 18 January 2023 21:40 PM",
        "Sun Mar 17, 2019 01:16PM [Updated: Tue Mar 19, 2019 12:03PM ]",
        "Published on, Aug. 22 -- August 22, 2025 1:32 AM",
        "26 April 2024",
        "Poush 28, 2080",  # Nepali calendar
        "Tuesday, 22 Esfand 1402",  # Iranian calendar
        "14 Ramadan 1445",  # Islamic calendar
        "Published: Sat 12 Jan 2024, 10:00 AM / Last updated: Sat 12 Jan 2024, 11:00 AM",
        "Sunday, Jestha 6, 2081",
        "Wednesday, 7 Dhul Qadah 1445 AH - 15 May 2024",
        "12 Rabi al-Awwal 1446",
        "Tuesday 25 Ordibehesht 1403 - 09:40",
    ],
)
def test_stamps_in_local_formats_go_above_the_story(stamp):
    assert removed(f"Council approves new budget\n{stamp}\n{P1}\n{P2}\n") == [("CW702", stamp)]


@pytest.mark.parametrize("line", ["March 3, 2024", "12:30 PM", "March 2024 results", "Baisakh 12, 2072", "1 Shawwal 1445", "Push 2024 deadline back"])
def test_dates_that_head_a_section_of_the_story_stay(line):
    assert removed(f"{P1}\n{line}\n{P2}\n") == []


def test_a_live_blog_keeps_its_entry_times():
    text = f"Budget day live\n12:30 PM\n{P1}\n12:45 PM\n{P2}\n1:10 PM\n{P3}\n"
    assert removed(text) == []


@pytest.mark.parametrize(
    "line",
    ["News Code: 84422939", "Journalist ID: 1114", "%%footer%%", "-", "cabinet-decision-minister-briefing_aslOF479HB", "By: |", "http://www.example.com/article-145715-council-budget", "#Budget #Council #Schools"],
)
def test_page_ids_go_anywhere(line):
    assert removed(f"{P1}\n{line}\n{P2}\n") == [("CW703", line)]


@pytest.mark.parametrize(
    "prompt",
    [
        "For the latest news, follow us on Twitter @courier_news. We are also on Facebook and YouTube.",
        "Get the day's top stories in your inbox: sign up for our morning briefing newsletter",
        "If you want more interesting news or videos of this website click on this link",
        "Like our page on Facebook for updates",
        "Download the Courier app from the Play Store",
        "Join our WhatsApp channel for breaking news",
        "Follow Jane Roe on X: @janeroe",
        "Want the morning's top stories in your inbox? Sign up for our free briefing.",
        "Be part of our WhatsApp community for local news: click here to join.",
    ],
)
def test_prompts_are_found_by_cue(prompt):
    assert removed(f"{P1}\n{prompt}\n{P2}\n") == [("CW704", prompt)]


@pytest.mark.parametrize(
    "sentence",
    [
        "He urged residents to follow the advice on the app.",
        "Download the vaccination app to register, the health ministry said.",
        "\"Follow us to the border,\" the commander told the villagers on their page.",
        "Residents can download the form from the municipal website.",
        "Share prices rose on our exchange after the news.",
        "Is the app safe? Download figures suggest most users trust it.",
        "Who gains? Follow the money to our neighbours, the auditor said on the app.",
    ],
)
def test_reported_speech_and_story_sentences_are_not_prompts(sentence):
    assert removed(f"{P1}\n{sentence}\n{P2}\n") == []


@pytest.mark.parametrize("label", ["Crime", "Bangladesh", "Home | World | Asia", "English", "Arab News", "Category: World", "Service: Politics", "English | Français | Español | Deutsch", "Home News Business Sports Opinion", "Home News Pakistan"])
def test_labels_above_the_headline_go(label):
    assert removed(f"{label}\nCouncil approves new budget\n{P1}\n{P2}\n") == [("CW705", label)]


@pytest.mark.parametrize("badge", ["Exclusive", "Explainer", "Spotlight", "Photo Story", "Updated"])
def test_badges_above_the_headline_go_and_stay_as_sub_headings_inside_the_story(badge):
    assert removed(f"{badge}\nCouncil approves new budget\n{P1}\n{P2}\n") == [("CW705", badge)]
    assert removed(f"Council approves new budget\n{P1}\n{badge}\n{P2}\n") == []


def test_a_label_right_above_the_first_paragraph_goes_unless_the_story_has_such_sub_headings():
    assert removed(f"Council approves new budget\nCrime\n\n{P1}\n{P2}\n") == [("CW705", "Crime")]
    briefing = f"What the papers say\n\nDawn\n\n{P1}\n\nThe Nation\n\n{P2}\n\nBusiness Recorder\n\n{P3}\n"
    assert removed(briefing) == []


def test_a_menu_above_the_story_goes():
    menu = ["HOME", "WHAT WE DO", "OPINION PAGES", "IN PICTURES", "ARCHIVE"]
    got = removed("\n".join(menu) + f"\n\nCouncil approves new budget\n\n{P1}\n{P2}\n")
    assert [line for _, line in got] == menu


def test_a_long_menu_cut_by_bars_goes_with_a_few_sections_no_vocabulary_lists():
    # Nine items, one of them unknown (`Marina`): three in four known labels make a menu.
    menu = "UAE | Gulf | World | Business | Sport | Lifestyle | Opinion | Jobs | Marina"
    assert removed(f"{menu}\nCouncil approves new budget\n{P1}\n{P2}\n") == [("CW705", menu)]
    # Half of them unknown: not a menu by that count.
    line = "Karachi | Lahore | Quetta | Pakistan"
    assert removed(f"Council approves new budget\n{P1}\n{P2}\n{line}\n") == []


def test_the_page_title_with_the_site_name_goes():
    text = f"Council approves new budget | The Courier\nCouncil approves new budget\n{P1}\n{P2}\n"
    assert removed(text) == [("CW705", "Council approves new budget | The Courier")]


@pytest.mark.parametrize(
    "line",
    ["Saudi Press", "Council approves new budget", "By Web Desk", "TBS Report", "KARACHI:", "Staff Reporter", "Razia Begum", "Category 4 storm nears the coast", "#1 seed wins the final", "World Cup Cricket", "India Pakistan Trade Talks", "Home Health Care", "Home News"],
)
def test_headlines_bylines_and_datelines_above_the_story_stay(line):
    assert removed(f"{line}\n{P1}\n{P2}\n") == []


def test_a_known_label_inside_the_story_stays_unless_repeated():
    assert removed(f"{P1}\nReuters\n{P2}\n") == []
    got = removed(f"{P1}\nThe Courier\n{P2}\nThe Courier\n{P3}\n", Cleaner(select=["CW7"], structure={"outlets": ["The Courier"]}))
    assert got == [("CW705", "The Courier"), ("CW705", "The Courier")]


def test_off_script_headlines_below_the_story_go_and_quotes_stay():
    urdu = "بجٹ منظور کر لیا گیا"
    assert removed(f"{P1}\n{P2}\n{urdu}\n") == [("CW706", urdu)]
    assert removed(f"{P1}\n{urdu}\n{P2}\n") == []  # inside the story
    sentence = "وزیر نے کہا کہ بجٹ منظور ہو گیا۔"
    assert removed(f"{P1}\n{P2}\n{sentence}\n") == []  # a sentence


def test_a_date_in_another_script_above_the_story_goes_and_a_table_below_it_stays():
    assert removed(f"بدھ 15 مئی 2024\nCouncil approves new budget\n{P1}\n{P2}\n") == [("CW706", "بدھ 15 مئی 2024")]
    assert removed(f"Council approves new budget\n{P1}\n{P2}\nदंगल | 387 | 2016\nपीके | 340 | 2014\n") == []


def test_a_comment_thread_after_the_story_goes():
    text = f"{P1}\n{P2}\n1. reader01 said:\nWhat a waste of public money this is.\n2. another_one said:\nI agree with the council on this.\n"
    assert [code for code, _ in removed(text)] == ["CW707"] * 4


def test_a_comment_thread_whose_dates_stand_under_the_names_goes():
    text = f"{P1}\n{P2}\nOmar Haddad says:\nMay 18, 2024 at 10:14 am\nFinally, it took them long enough.\nReply\nLina Castro says:\nMay 18, 2024 at 12:02 pm\nWorth the wait.\nReply\n"
    assert cleanwire.clean(text) == f"{P1}\n{P2}\n"
    assert "CW707" in {code for code, _ in removed(text)}


def test_a_comment_thread_under_a_comments_heading_with_names_over_times_goes():
    thread = "Comments (2)\nAli Khan\nMar 05, 2024 11:02pm\nToo little, too late.\nReply\nSara\nMar 05, 2024 11:30pm\nGood step.\nReply\n"
    assert cleanwire.clean(f"{P1}\n{P2}\n{thread}") == f"{P1}\n{P2}\n"
    assert "CW707" in {code for code, _ in removed(f"{P1}\n{P2}\n{thread}", Cleaner())}


def test_names_over_times_without_a_comments_heading_start_no_thread():
    # A schedule of speakers with their times, inside the story.
    schedule = "Amina Rauf\nMarch 3, 2024 10:00 am\nOpening address.\nOmar Haddad\nMarch 3, 2024 11:30 am\nThe budget in figures.\n"
    text = f"{P1}\n{schedule}{P2}\n"
    assert "CW707" not in {code for code, _ in removed(text, Cleaner())}
    assert P2 in cleanwire.clean(text)


def test_a_comments_heading_above_the_story_starts_no_thread():
    text = f"Comments (2)\nAli Khan\nMar 05, 2024 11:02pm\nSara\nMar 05, 2024 11:30pm\n{P1}\n{P2}\n"
    assert P1 in cleanwire.clean(text) and P2 in cleanwire.clean(text)
    assert "CW707" not in {code for code, _ in removed(text, Cleaner())}


def test_a_timeline_of_statements_is_not_a_comment_thread():
    text = f"{P1}\nThe minister said:\nMarch 3, 2024\n{P2}\nThe mayor said:\nMarch 9, 2024\n{P3}\nAmina Rauf said:\nMarch 12, 2024\nShe said the clinics would reopen once the money for the new year had been released.\n"
    assert removed(text) == []


def test_a_quoted_statement_is_not_a_comment_thread():
    text = f"{P1}\nThe minister said:\n{P2}\nThe mayor said:\n{P3}\n"
    assert removed(text) == []


@pytest.mark.parametrize(
    "listing",
    [
        "Squad\nBabar Azam (captain)\nShadab Khan (vice-captain)\nFakhar Zaman\nShaheen Shah Afridi\n",
        "New appointments\nPakistan Steel Mills: Ahmed Raza\nPakistan International Airlines: Sara Khan\n",
        "Here are the main points of the budget\nSalaries of government employees raised by 25 per cent\nMinimum wage increased to Rs37,000 a month\n",
        "The key takeaways from the meeting\nTalks to resume in Geneva next month\nPrisoner exchange to be finalised\n",
        "Timeline\nJanuary 28, 2024\nTalks begin in Paris\nFebruary 13, 2024\nSecond round held in Cairo\n",
        "The dead were identified as\nAbdul Rehman Kakar\nMuhammad Asif Baloch\nGul Khan Achakzai\n",
        "NA-118 Lahore\nAli Pervaiz Malik (PML-N) 62,000 votes\nHammad Azhar (PTI) 45,000 votes\n",
        "Tuesday, March 5\nHot and humid, 39°C\nWednesday, March 6\nVery hot, 41°C\n",
        "What happens next\nThe plan goes to the provincial assembly\nVoting is expected in June\n",
        "Why it matters?\nThe plan affects a million people\nSchools will get new funds\n",
    ],
)
def test_a_list_under_the_storys_own_sub_heading_after_the_last_paragraph_stays(listing):
    text = f"{P1}\n{P2}\n{listing}"
    assert cleanwire.clean(text) == text


def test_a_category_label_introduces_no_list_and_dated_headlines_after_a_heading_go():
    related = 'Related\nCentral bank keeps policy rate unchanged\nMarch 1, 2024\nIn "Business"\nRupee strengthens against dollar\nFebruary 28, 2024\nIn "Economy"\n'
    assert cleanwire.clean(f"{P1}\n{P2}\n{related}") == f"{P1}\n{P2}\n"
    dated = "March 1, 2024\nCentral bank keeps policy rate unchanged\nFebruary 28, 2024\nRupee strengthens against dollar\n"
    assert cleanwire.clean(f"{P1}\n{P2}\nRelated\n{dated}") == f"{P1}\n{P2}\n"


def test_a_heading_another_rule_took_still_heads_its_list():
    # `Tags:` with its value on the next line is a label without a value to CW703,
    # which takes it first; the topic under it is still a list item of that heading.
    text = f"{P1}\n{P2}\nTags:\nCoastal Railway\n"
    assert removed(text) == [("CW703", "Tags:"), ("CW708", "Coastal Railway")]


def test_headlines_after_the_last_paragraph_go():
    text = f"{P1}\n{P2}\nFloods close the coastal road\nMinister opens new bridge in the north\n"
    assert [code for code, _ in removed(text)] == ["CW708", "CW708"]


def test_a_bulleted_list_that_ends_the_story_stays():
    # The story's own list, in the bullet its body's list uses, or in full sentences:
    # no heading stands above it, and it follows the last paragraph directly.
    listed = f"{P1}\nThe plan includes:\n• New roofs for three schools\n• Two more buses\n{P2}\n\n• Road repairs start in June\n• Clinic hours grow in July\n"
    sentences = f"{P1}\n{P2}\n\n• The first figures will be published in the spring\n• A second vote is expected in the autumn\n"
    assert removed(listed) == [] and removed(sentences) == []
    assert cleanwire.clean(listed) == listed


def test_quotations_that_end_the_story_with_their_speakers_on_lines_of_their_own_stay():
    # A quotation closing on a comma waits for its speaker; a page that cuts a teaser
    # of another story to length does not cut it there.
    quotes = [
        '"We will not allow anyone to take the law into their own hands in this city,"',
        "the minister said.",
        '"The work on the reservoirs will go on whatever the opposition says,"',
        "she added.",
    ]
    text = "\n\n".join(["Minister vows to finish water plan", P1, P2, *quotes]) + "\n"
    assert removed(text) == []
    assert cleanwire.clean(text) == text


TIPS = ["Drink plenty of water", "Avoid going out between noon and 4pm", "Wear light cotton clothes"]


@pytest.mark.parametrize(
    "headline, lead, items",
    [
        ("Heat wave grips the province", P1, [f"{n}. {tip}" for n, tip in enumerate(TIPS, 1)]),
        ("Three tips to stay safe in the heat", P1, TIPS),
        ("Tips to stay safe in the heat", P1, [f"• {tip}" for tip in TIPS]),
        ("Tips to stay safe in the heat", P1, ["Drink ORS if you feel dizzy", "Avoid going out at noon", "Call 1122 in an emergency"]),
        ("Heat wave grips the province", f"{P1} Here is what doctors advise.", TIPS),
    ],
)
def test_steps_the_story_ends_with_stay(headline, lead, items):
    # Numbered from 1, counted by the headline, or led in by the last paragraph: the
    # story's own tips, though no colon or sub-heading introduces them.
    text = "\n".join([headline, lead, *items]) + "\n"
    assert cleanwire.clean(text) == text


@pytest.mark.parametrize(
    "items",
    [
        ["Feb 17: Lahore vs Karachi, Lahore", "Feb 18: Multan vs Quetta, Multan", "Feb 19: Peshawar vs Islamabad, Rawalpindi"],
        ["Lady Reading Hospital, Peshawar", "Khyber Teaching Hospital, Peshawar", "Hayatabad Medical Complex, Peshawar"],
        ["Ali Raza, president", "Nadia Bibi, general secretary", "Imran Shah, treasurer"],
    ],
)
def test_a_schedule_or_a_list_of_places_that_ends_the_story_stays(items):
    # Headlines of other stories share no such form: each opening with a date, all
    # ending with the same place, or each with a role after a name.
    text = "\n".join(["Hospitals put on alert", P1, *items]) + "\n"
    assert cleanwire.clean(text) == text


_TIP_WORDS = st.sampled_from("drink water avoid the sun wear light clothes keep cool rest often stay indoors eat fruit at noon".split())


@given(
    tips=st.lists(st.lists(_TIP_WORDS, min_size=2, max_size=6).map(lambda ws: " ".join(ws).capitalize()), min_size=3, max_size=7, unique=True),
    numbered=st.booleans(),
)
def test_tips_the_headline_announces_stay_whatever_their_words(tips, numbered):
    # Items that name no one, under a headline that says what it lists: the story's own.
    items = [f"{n}. {tip}" for n, tip in enumerate(tips, 1)] if numbered else tips
    text = "\n".join(["Tips to stay safe in the heat", P1, *items]) + "\n"
    assert cleanwire.clean(text) == text


def test_a_box_of_facts_that_ends_the_story_stays_and_page_stamps_below_it_go():
    facts = f"Quake jolts the north\n{P1}\nMagnitude: 5.8\nDepth: 150 km\nEpicentre: Hindu Kush region\nTime: 10:35 pm\n"
    assert cleanwire.clean(facts) == facts
    stamps = f"{P1}\n{P2}\nDate: 12/01/2024\nTime: 10:15 AM\n"
    assert cleanwire.clean(stamps) == f"{P1}\n{P2}\n"


def test_bulleted_headlines_after_the_last_paragraph_go():
    # Headlines drop the small words a sentence keeps; under a removed heading, or in a
    # bullet the story's body does not use, they are a list of other stories.
    plain = f"{P1}\n{P2}\n\n• Floods close the coastal road\n• Minister opens new bridge\n"
    assert [code for code, _ in removed(plain)] == ["CW708", "CW708"]
    headed = f"{P1}\n• New roofs for three schools\n{P2}\nRead more:\n• The first figures will be published in the spring\n• A second vote is expected in the autumn\n"
    assert cleanwire.clean(headed) == f"{P1}\n• New roofs for three schools\n{P2}\n"


def test_cut_teasers_after_the_last_paragraph_go():
    text = f"{P1}\n{P2}\nFor the first time in the city's history, a crew of women flew a plane and…\nAt least 15 people left the party between May and…\n"
    assert [code for code, _ in removed(text)] == ["CW708", "CW708"]


@pytest.mark.parametrize("heading", ["Most Discussed", "Other News", "Other Headlines"])
def test_a_list_heading_and_its_headlines_go_inside_the_story(heading):
    text = f"{P1}\n{heading}\nFloods close the coastal road\nMinister opens new bridge\n{P2}\n"
    assert [code for code, _ in removed(text)] == ["CW708", "CW708", "CW708"]


@pytest.mark.parametrize(
    "heading", ["ICYMI", "In case you missed it", "Editor's recommendations", "More for you", "People also read", "Recommended reading"]
)
def test_a_list_heading_takes_the_one_headline_under_it_inside_the_story(heading):
    # A phrase rule may take the heading first (`Read more`-like labels); either way the
    # headline it announces goes with it, and the story's paragraphs stay.
    out = cleanwire.clean(f"{P1}\n{heading}\nFloods close the coastal road\n{P2}\n")
    assert out == f"{P1}\n{P2}\n"


def test_headlines_under_a_list_heading_inside_the_story_go():
    text = f"{P1}\nREAD MORE\nFloods close the coastal road\nMinister opens new bridge\n{P2}\n"
    got = Cleaner().explain(text)
    assert [(c.code, c.removed) for c in got.changes if c.code != "CW903"] == [
        ("CW202", "READ MORE"),
        ("CW708", "Floods close the coastal road"),
        ("CW708", "Minister opens new bridge"),
    ]


@pytest.mark.parametrize(
    "ending",
    [
        "What happens next",  # a story may end with a short line
        "Key facts:\n• 45 people died\n• 120 were injured",  # bullet facts after a lead-in
        "Pakistan 245/6 (50 overs)\nIndia 246/4 (47.2 overs)",  # a scorecard
        "Usman Ali c Rafiq b Javed 34 (28)\nKashif Noor lbw b Shah 12 (15)",  # batting rows: runs (balls)
        "City 2 Rovers 1\nCity: Mensah; Okoro, Daniels, Varga; Silva, Osei\nRovers: Kowalski; Reyes, Finch, Moyo; Lopes, Walsh",  # score and line-ups
        "Additional reporting by Jane Roe",
    ],
)
def test_endings_that_are_content_stay(ending):
    text = f"{P1}\n{P2}\n{ending}\n"
    assert removed(text) == []


# ------------------------------------------------------------------ evidence and safety


def test_every_removal_names_its_evidence_with_input_line_numbers():
    text = f"Crime\n\nCouncil approves new budget\n\n{P1}\n\n{P2}\n\nFloods close the coastal road\n\nMinister opens new bridge\n"
    notes = {(c.code, c.line): c.note for c in Cleaner().explain(text).changes if c.code.startswith("CW7")}
    assert notes[("CW705", 1)] == "a section or navigation label outside the story"
    assert notes[("CW708", 9)] == "one of 2 headline-shaped lines after the story's last paragraph (line 7)"


def test_keep_patterns_protect_structure_removals():
    text = f"Crime\nCouncil approves new budget\n{P1}\n{P2}\n"
    assert Cleaner(keep=["^crime$"]).clean(text).startswith("Crime\n")


def test_removals_outside_the_story_do_not_count_against_the_budget():
    tail = "\n".join(f"Other story number {n} makes the news today" for n in range(12))
    text = f"{P1}\n{tail}\n"
    assert Cleaner().clean(text) == f"{P1}\n"


def test_ignoring_the_family_turns_the_stage_off():
    text = f"Crime\nCouncil approves new budget\n{P1}\n{P2}\n"
    assert Cleaner(ignore=["CW7"]).clean(text) == text


def test_rules_run_in_the_order_of_the_registry():
    assert [r.code for r in RULES] == sorted(r.code for r in RULES)
    lines = ["Crime", "Crime", P1, P2]
    found = find_furniture(lines, {}, list(reversed(RULES)))
    assert {v.rule.code for v in found.values()} == {"CW705"}


def test_a_document_without_prose_is_left_alone():
    text = "Floods close the coastal road\nMinister opens new bridge\nMarkets rally on budget day\n"
    assert removed(text) == []


# ------------------------------------------------------------------ properties

_FURNITURE_HEAD = st.sampled_from(
    ["Crime", "World", "Home | News | Politics", "2021 Mar 19, 19:05, Kathmandu", "Publish Date : 18 January 2023 21:40 PM", "News Code: 84422939", "English"]
)
_FURNITURE_TAIL = st.sampled_from(
    ["Floods close the coastal road", "Minister opens new bridge in the north", "Markets rally on budget day", "Dozens of villages cut off by snow and…"]
)


@given(
    head=st.lists(_FURNITURE_HEAD, max_size=3, unique=True),
    body=st.lists(prose_lines(["latin"], min_words=8), min_size=1, max_size=5, unique=True),
    tail=st.lists(_FURNITURE_TAIL, min_size=2, max_size=4, unique=True),
)
def test_furniture_around_a_story_goes_and_the_story_stays(head, body, tail):
    headline = "Council approves new budget"
    text = "\n\n".join(head + [headline] + body + tail) + "\n"
    assert cleanwire.clean(text) == "\n\n".join([headline] + body) + "\n"


@given(body=st.lists(prose_lines(["latin"], min_words=8), min_size=1, max_size=6, unique=True), data=st.data())
def test_the_stage_never_removes_a_prose_line(body, data):
    lines = list(body)
    for extra in data.draw(st.lists(st.sampled_from(["Crime", "News Code: 1234567", "Floods close the coastal road", "-"]), max_size=4)):
        lines.insert(data.draw(st.integers(0, len(lines))), extra)
    out = STRUCTURE_ONLY.clean("\n".join(lines) + "\n").split("\n")
    assert all(line in out for line in body)


def test_a_line_kept_for_a_line_a_later_rule_removes_is_judged_again():
    # CW702 keeps a stamp that opens a run of dated entries under the story (a date
    # over a line of text); here the line under it is a list heading that CW708, a
    # later rule, removes. The rules run again after a round that removed anything,
    # so the stamp goes in the same run, not in a second one.
    text = f"{P1}\n{P2}\nPublished: 12 Jan 2024, 10:05 AM’’\nDon’t Miss | "
    out = cleanwire.clean(text)
    assert out == f"{P1}\n{P2}\n"
    assert cleanwire.clean(out) == out


def test_a_walk_goes_again_over_a_line_the_structure_rules_let_go():
    # The trailing walk passed over the second imprint line while CW701 took it as a
    # repeat of the first; the walk then took the first (CW514), so the second was a
    # repeat of nothing and came back, under a walk that had already stopped above it.
    imprint = "Tel: +92 42 1234567"
    text = "\n".join([P1, P2, P3, imprint, imprint, "The board said "])
    out = cleanwire.clean(text)
    assert out == f"{P1}\n{P2}\n{P3}\n"
    assert cleanwire.clean(out) == out


# ------------------------------------------------------------------ run-on text

RUN_ON = (
    "The company reported a net profit of Rs 1,200 crore for the quarter, up 12 per cent from a year ago. "
    "Revenue rose 8 per cent to Rs 9,400 crore, helped by strong demand in its home market. "
    "The board approved an interim dividend of Rs 5 per share for shareholders on the record date. "
    "Analysts had expected a smaller rise in profit because of higher costs for raw materials and freight. "
    "The company said it would open two new plants next year and hire about 3,000 workers across the region. "
    "Its shares have gained 18 per cent since January, against a 9 per cent rise in the benchmark index."
)


@pytest.mark.parametrize(
    "span",
    [
        "(With inputs from PTI)",
        "(You can now subscribe to our Coast Times WhatsApp channel)",
        "Catch all the business news and market updates on Coast Mint. Download the Coast Mint app to get daily market updates.",
        "Stay updated with the latest news and updates on Coast Today.",
        "For more such updates, follow Coast Daily on Google News.",
        "(This story has not been edited by Coast Standard staff and is auto-generated from a syndicated feed.)",
        "First Published: Jan 12, 2024 10:05 AM IST",
        # an aside of two sentences in parentheses is judged whole
        "(The writer is a former diplomat. The views expressed are his own.)",
    ],
)
def test_run_on_text_loses_its_glued_boilerplate(span):
    out = cleanwire.clean(f"{RUN_ON} {span}\n")
    assert out == RUN_ON + "\n"


@pytest.mark.parametrize("lead", ["", "  ", "\u00a0\t"])
def test_run_on_aside_and_prompt_opening_the_line_go_whatever_spaces_precede_them(lead):
    # The rule reads keys, whose edges are trimmed: spaces before the line's first
    # sentence must not change how it is cut into sentences (they kept the aside
    # glued to the prompt after it, until the whitespace step trimmed them and a
    # second run cut both).
    text = f"{lead}(File photo) Download the Coast Daily app for the latest news. {RUN_ON}\n"
    assert cleanwire.clean(text) == RUN_ON + "\n"


def test_run_on_line_is_judged_whatever_spaces_the_rest_of_the_text_holds():
    # A run-on line holds a share of the text, counted without whitespace: counted with
    # it, the doubled spaces of the paragraph below kept the line under the share, the
    # spaces were folded afterwards, and a second run judged the line and cut more.
    para = "Officials  said  the  new  plants  would  be  built  on  land  the  state  had  set  aside  for  industry. "
    text = f"{RUN_ON} (With inputs from PTI)\n\n{(para * 9).strip()}\n"
    out = cleanwire.clean(text)
    assert out.startswith(RUN_ON + "\n\n") and "PTI" not in out
    assert cleanwire.clean(out) == out


@pytest.mark.parametrize("prompt", ["👉 Join our WhatsApp channel for the latest updates", "📣 Follow us on Instagram for more"])
def test_run_on_prompt_led_by_a_pictograph_goes_inside_and_at_the_end(prompt):
    first, rest = RUN_ON.split(". ", 1)
    assert cleanwire.clean(f"{first}. {prompt}. {rest}\n") == RUN_ON + "\n"
    assert cleanwire.clean(f"{RUN_ON} {prompt}\n") == RUN_ON + "\n"


@pytest.mark.parametrize(
    "prompt",
    ["Download our app for the latest news", "Views are personal", "Join Coast Daily on Telegram", "Find more of Coast Daily's climate coverage at https://coast.example/hub/climate"],
)
def test_run_on_prompt_without_a_full_stop_goes_and_the_sentence_glued_to_it_stays(prompt):
    first, rest = RUN_ON.split(". ", 1)
    assert cleanwire.clean(f"{first}. {prompt} {rest}\n") == RUN_ON + "\n"


@pytest.mark.parametrize("glued", ["Hit the bell icon for notifications", "Also Read: Rupee hits record low"])
@pytest.mark.parametrize(
    "sentence",
    [
        "Engineers said the bridge would open in May.",
        "Teachers told reporters the exams would go ahead.",
        "Shopkeepers in the old market said the water had receded.",
        "Exporters warned of a hit to margins.",
    ],
)
def test_run_on_prompt_or_headline_glued_to_a_sentence_whose_subject_no_list_names_goes_alone(glued, sentence):
    # A capitalised word before a reporting verb opens a sentence, whatever subject it
    # names: without it a prompt's open end, or a label's headline, took the story
    # sentence too.
    first, rest = RUN_ON.split(". ", 1)
    text = f"{first}. {glued} {sentence} {rest}\n"
    assert cleanwire.clean(text) == f"{first}. {sentence} {rest}\n"


@pytest.mark.parametrize(
    "headline",
    [
        # a name's second word before the verb
        "PM Modi says the economy will grow",
        # the subject of a clause of the headline
        "Budget 2024: what the minister said about taxes",
        "Budget 2024: what Sitharaman said about taxes",
        # a title-case headline capitalises its verbs
        "Rupee Hits Record Low As Exporters Warn",
    ],
)
def test_run_on_label_headline_with_a_reporting_verb_goes_whole(headline):
    text = RUN_ON.replace(_MIDDLE, f"Also Read: {headline} {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == RUN_ON + "\n"


@pytest.mark.parametrize("prompt", ["Stay updated with the latest news on The Courier.", "For more updates, follow us on The Courier app."])
def test_run_on_prompt_ending_in_the_outlets_name_goes_whole(prompt):
    # `The` after `on` may open a glued sentence, but two or three words to the full
    # stop are no sentence: they are the prompt's own, and went nowhere but the text.
    assert cleanwire.clean(RUN_ON.replace(_MIDDLE, f"{prompt} {_MIDDLE}") + "\n") == RUN_ON + "\n"


@pytest.mark.parametrize("promo", ["READ MORE: Budget 2024 What it means for taxpayers", "Also Read: Sensex Ends Higher What it means for savers"])
def test_run_on_title_case_headline_that_ends_the_text_goes_whole(promo):
    # No opener shows where a title-case headline ends; at the end of the text, where
    # it has no full stop, no story sentence follows it.
    assert cleanwire.clean(f"{RUN_ON} {promo}\n") == RUN_ON + "\n"


def test_run_on_credit_naming_an_agency_goes_before_a_sentence_no_opener_shows():
    # `Heavy` opens no sentence any list names, but `Agencies` is a name the vocabulary
    # knows: the credit ends there. An unknown value is not known to end, and stays.
    story = RUN_ON.replace("The company reported", "Heavy demand helped the company report", 1)
    assert cleanwire.clean(f"Source: Agencies {story}\n") == story + "\n"
    unknown = f"Source: Harbour figures {story}\n"
    assert cleanwire.clean(unknown) == unknown


def test_run_on_promo_goes_only_as_far_as_its_headline():
    text = RUN_ON.replace("The board approved", "Also Read: Sensex ends higher as banks rally The board approved")
    assert cleanwire.clean(text + "\n") == RUN_ON + "\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "Track the cyclone's path on the weather service's app before travelling, officials said.",
        "Download the vaccination app to register for a slot.",
        "Follow-up talks with the lenders are due next week.",
    ],
)
def test_run_on_story_sentences_stay(sentence):
    text = f"{RUN_ON} {sentence}\n"
    assert cleanwire.clean(text) == text


# What the scraper glued into the story, where in it, and the story it should leave.
_MIDDLE = "The board approved"


@pytest.mark.parametrize(
    "glued",
    [
        # widget lines with no full stop of their own, before a story sentence
        "Advertisement",
        "Story continues below advertisement",
        # a page stamp before a story sentence
        "Updated 26 February 2021",
        "Published: 13th July 2022 07:07 AM | Last Updated: 13th July 2022 07:07 AM",
        # a headline in title case, whose capitalised openers do not end it
        "Also Read: Sensex Ends Higher As Banks Rally Ahead Of Results",
        # a headline that opens with names and goes on in lower case ends at an opener
        "ALSO READ | Coast Metro Phase 4: New corridor to open by June",
        # a quotation opens the story sentence after a headline
        "Read more: Speech by the finance minister on the budget",
    ],
)
def test_run_on_widgets_glued_to_a_sentence_go_and_the_sentence_stays(glued):
    text = RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}")
    if glued.startswith("Read more"):
        text = RUN_ON.replace(_MIDDLE, f"{glued} “Shareholders will gain,” {_MIDDLE.lower()}")
        expected = RUN_ON.replace(_MIDDLE, f"“Shareholders will gain,” {_MIDDLE.lower()}")
    else:
        expected = RUN_ON
    assert cleanwire.clean(text + "\n") == expected + "\n"


def test_run_on_stamp_keeps_its_time_whole_before_a_prompt_glued_to_it():
    # `AM` and `IST` in capitals after the time belong to the stamp: cut before them,
    # the stamp left `AM IST` glued to the prompt, which no rule then matched.
    glued = "First Published: Mar 12 2024 | 10:05 AM IST Get Latest News on Markets, Economy and Stock Market News."
    assert cleanwire.clean(RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}") + "\n") == RUN_ON + "\n"


def test_run_on_bare_list_heading_goes_and_the_story_sentence_after_it_stays():
    # `Must Watch` with no colon: the pattern for a label and its headline matches the
    # whole sentence, so only a heading the phrase rules know alone may be cut.
    story = RUN_ON + " The results were announced after the close of trading on Tuesday."
    text = story.replace(_MIDDLE, f"Must Watch {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == story + "\n"


def test_run_on_label_that_lost_its_headline_goes_alone():
    # The scraper dropped the link text: what follows the label is the story's own
    # sentence (an opener, a full stop, the length of a sentence), never a headline.
    story = RUN_ON + " The results were announced after the close of trading on Tuesday."
    text = story.replace(_MIDDLE, f"Also Read: {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == story + "\n"


def test_run_on_headline_glued_to_a_sentence_no_opener_shows_keeps_the_sentence():
    # No opener shows where the headline ends (`Tata`, after `today`): the label's span
    # would run to the full stop, twenty words with the sentence's function words in
    # them, longer than a headline is. Only the label goes; the sentence stays whole.
    sentence = "Tata Steel, JSW Steel and State Bank of India were the biggest gainers of the session on Tuesday."
    text = RUN_ON.replace(_MIDDLE, f"Also Read | Top gainers and losers today {sentence} {_MIDDLE}")
    out = cleanwire.clean(text + "\n")
    assert sentence in out and "Also Read" not in out
    # `Among` opens a sentence: there the headline ends, and it goes with its label.
    among = "Among the Sensex firms, Tata Steel and State Bank of India were the biggest gainers."
    text = RUN_ON.replace(_MIDDLE, f"Also Read | Top gainers and losers today {among} {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == RUN_ON.replace(_MIDDLE, f"{among} {_MIDDLE}") + "\n"


@pytest.mark.parametrize("sentence", ["Teachers said the exams would go ahead.", "Exporters in the port city warned of a hit to margins."])
def test_run_on_label_that_lost_its_headline_goes_alone_before_a_reported_sentence(sentence):
    # A subject and a reporting verb in the past tense open the story's sentence, however
    # short; a headline reports in the present (`Minister says budget will pass`).
    first, rest = RUN_ON.split(". ", 1)
    assert cleanwire.clean(f"{first}. Trending: {sentence} {rest}\n") == f"{first}. {sentence} {rest}\n"
    headline = RUN_ON.replace(_MIDDLE, f"Also Read: Minister says budget will pass. {_MIDDLE}")
    assert cleanwire.clean(headline + "\n") == RUN_ON + "\n"


@pytest.mark.parametrize("label", ["Also Read:", "Don’t Miss |", "Editor’s Picks:", "Advertisement Don’t Miss |"])
def test_run_on_label_that_lost_its_headline_goes_alone_in_any_apostrophe(label):
    # A label printed with the typographic apostrophe is the list heading it names
    # (`Don’t Miss` is `don't miss`), so the story sentence after it stays; a widget
    # before the label goes in the same run, not in a second one.
    story = RUN_ON + " The results were announced after the close of trading on Tuesday."
    text = story.replace(_MIDDLE, f"{label} {_MIDDLE}")
    out = cleanwire.clean(text + "\n")
    assert out == story + "\n"
    assert cleanwire.clean(out) == out


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u2009"])
def test_run_on_asides_are_split_alike_at_any_space(space):
    # The rule reads keys, where every space is a space: an aside glued to the next
    # one by a no-break space is judged as one glued by a plain space is, so the
    # first run removes what a second run would.
    text = RUN_ON.replace(_MIDDLE, f"(Video){space}(Video){space}{_MIDDLE}")
    out = cleanwire.clean(text + "\n")
    assert out == RUN_ON + "\n"
    assert cleanwire.clean(out) == out


def test_run_on_prompt_ending_in_an_open_word_keeps_the_sentence_glued_to_it():
    # `logged in The company`: `in` leaves a phrase open, so the opener after it is
    # a weaker sign; it is still where the prompt ends, when no other sign shows,
    # rather than the story sentence going with the prompt.
    prompt = "Please refresh the page or navigate to another page on the site to be automatically logged in"
    first, rest = RUN_ON.split(". ", 1)
    assert cleanwire.clean(f"{first}. {prompt} {rest}\n") == RUN_ON + "\n"


def test_run_on_title_case_headline_never_takes_the_story_sentence_glued_to_it():
    # `Railway` opens no sentence the rule knows, so where the headline ends cannot be
    # told; the promo stays rather than the sentence going with it.
    glued = "Also Read: Port Talks Stall Coast Railway staff said the line would reopen on Monday."
    text = RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == text + "\n"


@pytest.mark.parametrize("opener", ["Analysts", "Traders", "Residents", "Investors"])
def test_run_on_headline_ends_where_a_common_subject_opens_the_next_sentence(opener):
    glued = f"Also Read: Gold prices hit a record as the dollar weakens {opener} expect more gains."
    text = RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}")
    expected = RUN_ON.replace(_MIDDLE, f"{opener} expect more gains. {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == expected + "\n"


def test_run_on_pull_quote_in_straight_quotes_ends_a_promo_headline():
    glued = "Also Read: Fishermen protest new licensing fee at harbour 'No price, no vote'"
    text = RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}")
    expected = RUN_ON.replace(_MIDDLE, f"'No price, no vote' {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == expected + "\n"


def test_run_on_what_follows_a_promo_headline_is_judged_as_a_sentence():
    glued = "Also Read: Squash federation names junior team This article contains affiliate links."
    text = RUN_ON.replace(_MIDDLE, f"{glued} {_MIDDLE}")
    assert cleanwire.clean(text + "\n") == RUN_ON + "\n"


def test_run_on_print_note_ending_in_a_date_and_the_prompt_glued_to_it_go():
    tail = "Published in The Coast Times, December 7th, 2026 Like us on Facebook and follow us on Twitter @coasttimes."
    assert cleanwire.clean(f"{RUN_ON} {tail}\n") == RUN_ON + "\n"


def test_run_on_list_of_other_stories_at_the_end_goes_and_a_name_like_a_heading_stays():
    listed = f"{RUN_ON} Related News Bank raises deposit rates Shares slip on profit taking\n"
    assert cleanwire.clean(listed) == RUN_ON + "\n"
    named = f"{RUN_ON} The company said shareholders of the Popular Front Bank had backed the deal\n"
    assert cleanwire.clean(named) == named
    followed = f"{RUN_ON} Related News agencies reported the deal first. Officials confirmed it later.\n"
    assert cleanwire.clean(followed) == followed


def test_run_on_credit_keeps_the_proper_noun_that_follows_it():
    text = RUN_ON.replace(_MIDDLE, "Photo: AFP Coast Metropolitan Police said the roads were clear. " + _MIDDLE)
    expected = RUN_ON.replace(_MIDDLE, "Coast Metropolitan Police said the roads were clear. " + _MIDDLE)
    assert cleanwire.clean(text + "\n") == expected + "\n"


def test_run_on_credit_before_a_title_case_headline_keeps_the_headline():
    # `Source:` takes a name of up to six words, and `On` opens a sentence: the credit
    # still ends at the shortest name the rules accept.
    headline = "Harbour Works To Resume On Monday, Port Trust Says "
    assert cleanwire.clean(f"• Source: IANS {headline}{RUN_ON}\n") == f"{headline}{RUN_ON}\n"


def test_run_on_credit_after_a_caption_and_what_follows_it_are_judged_apart():
    # `— AFP/File` has no full stop: the disclaimer glued to it is a sentence of its own.
    tail = "Protesters marched to the square on Friday. — AFP/File A shorter version of this article was published in the Coast Times on Jan 1, 2025."
    out = cleanwire.clean(f"{RUN_ON} {tail}\n")
    assert out == f"{RUN_ON} Protesters marched to the square on Friday.\n"


@pytest.mark.parametrize(
    "tail, kept",
    [
        ("The ministry confirmed the figures. — IANS", "The ministry confirmed the figures."),
        ("The ministry confirmed the figures. (adsbygoogle = window.adsbygoogle || []).push({});", "The ministry confirmed the figures."),
        ("Flood waters in the old town Also Read: Rains Lash The Coast For A Third Day", "Flood waters in the old town"),
    ],
)
def test_run_on_boilerplate_after_the_last_sentence_goes(tail, kept):
    assert cleanwire.clean(f"{RUN_ON} {tail}\n") == f"{RUN_ON} {kept}\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "On 26 April 2024 The council met again to review the plan.",
        "Supported by The Gates Foundation, the project will run for five years.",
        "He also read: the statement aloud to the crowd gathered outside.",
        "Advertisement spending by the city rose sharply in the last year.",
        "Updated rules The council adopted last year will stay in force.",
        "26 April 2024 was the date The council chose for the vote.",
        "Courtesy calls by The minister to local leaders continued all week.",
        "Also Read is the name of a book club The mayor joined in 2010.",
    ],
)
def test_run_on_lookalikes_of_glued_widgets_stay(sentence):
    for text in (RUN_ON.replace(_MIDDLE, f"{sentence} {_MIDDLE}"), f"{RUN_ON} {sentence}"):
        assert cleanwire.clean(text + "\n") == text + "\n"


def test_a_long_paragraph_among_others_is_not_a_run_on_line():
    paragraph = RUN_ON + " (With inputs from PTI)"
    text = "\n\n".join([RUN_ON, RUN_ON.replace("quarter", "year"), paragraph, RUN_ON.replace("Rs", "INR")]) + "\n"
    assert cleanwire.clean(text) == text


# ------------------------------------------------------------ shapes shared by documents


def test_what_one_document_taught_the_shape_cache_changes_no_other_result():
    # The facts kept per line text (is it a stamp, a label, a prompt) must not depend on
    # where the line stood: the same texts are judged warm, in another order, and cold.
    docs = [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*/input.txt"))]
    cleaner = cleanwire.Cleaner()
    cache = shape_cache(packaged())
    cold = []
    for doc in docs:
        cache._shapes.clear()
        cache._recent.clear()
        cold.append(cleaner.clean(doc))
    for doc in docs:
        cleaner.clean(doc)
    warm = [cleaner.clean(doc) for doc in reversed(docs)][::-1]
    assert warm == cold


def test_equal_vocabularies_share_a_cache_and_others_do_not():
    extended = packaged().extended({"outlets": ["The Coast Courier"]})
    assert shape_cache(packaged()) is shape_cache(packaged().extended({}))
    assert shape_cache(extended) is not shape_cache(packaged())


# ------------------------------------------------------------------ widgets and ranks

_STORY = (
    "The council approved the new budget on Tuesday after a long debate about school funding and road repairs.\n"
    "Members said the plan would be reviewed again in the spring, when the first figures for the year are in.\n"
)


def test_a_share_bar_scraped_one_cell_a_line_above_the_headline_goes():
    text = f"Like\n12\nShare\n3\nComments\n0\nCouncil passes budget\n{_STORY}"
    assert cleanwire.clean(text) == f"Council passes budget\n{_STORY}"


def test_ranks_of_a_numbered_list_of_other_stories_go_with_it():
    text = f"{_STORY}Most Read\n1\nFloods close the coastal road\n2.\nMinister opens new bridge in the north\n"
    assert cleanwire.clean(text) == _STORY


@pytest.mark.parametrize(
    "after",
    [
        "Votes\nFor\n12\nAgainst\n3\n",  # a vote tally after the story: counts beside words that are no widget's
        "Results\n1\n2\n3\n",  # figures alone
    ],
)
def test_counts_that_are_no_widget_stay(after):
    text = _STORY + after
    assert cleanwire.clean(text) == text


def test_a_code_of_figures_goes_outside_the_story_and_stays_inside_it():
    code = "4521**9876"
    assert cleanwire.clean(f"{_STORY}{code}\n") == _STORY
    inside = _STORY.replace("\n", f"\n{code}\n", 1)
    assert cleanwire.clean(inside) == inside


def test_topic_tags_go_under_a_topics_heading_and_capitalised_lines_stay_elsewhere():
    assert cleanwire.clean(f"{_STORY}Topics\nIncome Tax\nNBR\nelections\n") == _STORY
    # A topic joined by a hyphen is no dateline (`KARACHI -`), which no shape rule takes.
    assert cleanwire.clean(f"{_STORY}Related Topics\nIsrael-Gaza war\nEgypt\n") == _STORY
    kept = f"{_STORY}Signed\nMary Jones\n"
    assert cleanwire.clean(kept) == kept
    # A topic named with its year reads alone as a table row (`Goals 2`); under the
    # heading it is a topic, and a count under a sub-heading of the story stays.
    assert cleanwire.clean(f"{_STORY}Explore News\nBudget 2024\nLok Sabha Elections\nIPL 2024\n") == _STORY
    kept = f"{_STORY}Match figures\nGoals 2\nShots 11\n"
    assert cleanwire.clean(kept) == kept


def test_a_row_of_topics_cut_by_bars_goes_in_the_list_under_a_topics_heading_and_a_score_row_stays():
    # Digits in the topics make the row read as a table row, which no shape rule takes
    # elsewhere; in the list under the heading it is what the heading announces.
    row = "IPL 2024 | Lok Sabha Elections | Budget 2024"
    assert cleanwire.clean(f"{_STORY}Trending Topics\n{row}\n") == _STORY
    assert cleanwire.clean(f"{_STORY}Trending Topics\n\n{row}\n") == _STORY
    # Under a headline of the list, the row goes too (the rules run again once the
    # headline is gone); past a line that ends the list it is read as a table row.
    assert cleanwire.clean(f"{_STORY}Trending Topics\nFloods close the coastal road\n{row}\n") == _STORY
    later = f"{_STORY}Trending Topics\nFloods close the coastal road\nFigures for the week:\n{row}\n"
    assert row in cleanwire.clean(later)
    scores = f"{_STORY}Related\nPakistan | 245/6 | 50 ov\n"
    assert "245/6" in cleanwire.clean(scores)


def test_a_teaser_without_a_full_stop_first_under_a_promo_label_goes_and_a_paragraph_stays():
    teaser = "Former champion speaks at the ninth congress on physical activity and health in the capital"
    assert cleanwire.clean(f"{_STORY}ALSO READ:\n{teaser}\n") == _STORY
    inside = _STORY.replace("\n", f"\nALSO READ:\n{teaser}\n", 1)
    assert cleanwire.clean(inside) == _STORY
    # Ending with a full stop, or reporting what someone said, it may be the story's
    # own paragraph: it stays.
    paragraph = f"{_STORY}ALSO READ:\n{teaser}.\n"
    assert f"{teaser}." in cleanwire.clean(paragraph)
    reported = "The mayor said the council would meet again next week to discuss the water supply and the parks"
    assert reported in cleanwire.clean(f"{_STORY}Latest\n{reported}\n")


def test_paragraphs_without_blank_lines_are_not_one_wrapped_paragraph():
    # Long paragraphs printed with no blank line between, then lower-case tags: the
    # tags do not "continue" the last paragraph's sentence.
    text = f"Council passes budget\n{_STORY}Related Topics\nbudget\ncouncil\n"
    assert cleanwire.clean(text) == f"Council passes budget\n{_STORY}"


def test_wire_copy_wrapped_at_seventy_columns_is_still_one_paragraph():
    wrapped = (
        "Council passes budget\n\n"
        "The council approved the new budget on Tuesday after a long debate\n"
        "about school funding and road repairs, members said, adding that\n"
        "the plan would be reviewed again in the spring.\n"
    )
    lines = Document(wrapped.split("\n"), {}, packaged())
    assert [line.prose for line in lines.present_lines()] == [False, True, True, True]
    # Its last line may be a word or two that ends the sentence.
    wrapped = wrapped.replace("again in the spring.", "again in the spring,\nofficials said.")
    assert all(line.prose for line in Document(wrapped.split("\n"), {}, packaged()).present_lines()[1:])


def test_headlines_with_a_tag_of_one_word_between_them_are_no_wrapped_paragraph():
    # `politics` opens in lower case, as a wrapped line continuing a sentence does,
    # but a word alone that ends no sentence continues none.
    tail = ["Teachers' union threatens strike over unpaid allowances", "politics",
            "Mobile wallets cross 50 million users", "Port volumes hit record in November"]
    doc = Document(["Council passes budget", P1, P2, *tail], {}, packaged())
    assert not any(line.prose for line in doc.present_lines()[3:])


def test_a_ticker_above_the_headline_goes_and_the_headline_stays_where_it_stands():
    text = (
        "Latest:\nCouncil passes budget after long debate\nFog delays flights at the airport\n"
        "Pakistan\nCouncil passes budget after long debate\n" + _STORY
    )
    assert cleanwire.clean(text) == "Council passes budget after long debate\n" + _STORY


_OTHERS = (
    "Fog delays flights at the airport\nSenate passes amended finance bill\n"
    "Cabinet approves new petroleum levy\nCourt reserves verdict in tax case\n"
)


def test_a_ticker_run_into_the_headline_goes_under_a_heading_the_phrase_rules_took():
    # `Trending` is the phrase rules' (CW204); the run under it ends with the story's
    # own headline, nothing between them.
    headline = "Council passes budget after long debate\n"
    assert cleanwire.clean("Trending\n" + _OTHERS + headline + _STORY) == headline + _STORY


def test_a_short_run_under_a_heading_above_the_story_stays():
    # A headline and a standfirst under a label are no ticker.
    kept = "Council passes budget after long debate\nMembers clash over school funding plans\nThe mayor says roads come first\n" + _STORY
    assert cleanwire.clean("Trending\n" + kept) == kept


def test_headlines_under_a_heading_above_the_story_stay_when_no_headline_follows_them():
    # (The bare `Latest` is a section label, whatever follows it.)
    kept = "Council passes budget after long debate\nMembers clash over school funding plans\n" + _STORY
    assert cleanwire.clean("Latest\n" + kept) == kept


_TEXTS = st.text(alphabet="aAßSs .:|»>–—-•政’é\u0130", max_size=60).map(lambda t: " ".join(t.split())).filter(bool)


@given(text=_TEXTS, repeat=st.integers(1, 4))
@example(text="Ab" + "." * 40, repeat=1)
@example(text="Short title" + " –" * 20, repeat=1)
@example(text="Straße" + " :" * 20 + "|", repeat=1)
def test_a_shapes_signature_is_the_start_of_its_folded_text(text, repeat):
    # Lines are compared by signature before they are folded whole (CW701): equal
    # folded texts must have equal signatures, which holds if a signature is always
    # the first 16 characters of the folded text, however it was worked out.
    from cleanwire.rules.structure.document import Shape

    key = " ".join([text] * repeat)
    assert Shape(key).signature == Shape(key).folded[:16]


@given(text=_TEXTS)
@example(text="")
@example(text="• —")
def test_words_are_counted_as_they_are_cut(text):
    from cleanwire.rules.structure import shapes

    assert shapes.count_words(text) == len(shapes.words(text))


def test_every_chinese_and_japanese_character_is_in_the_range_looked_for_first():
    from cleanwire.rules.structure.shapes import _CJK

    found = _CJK.findall("".join(map(chr, range(0x2E80))))
    assert found == []


def test_every_letter_of_another_script_than_latin_is_in_the_range_looked_for_first():
    from cleanwire.rules.structure.shapes import _MAYBE_NON_LATIN, _NON_LATIN

    letters = _NON_LATIN.findall("".join(map(chr, range(0x110000))))
    assert letters and all(_MAYBE_NON_LATIN.match(c) for c in letters)


_MARKS = st.text(alphabet="aZ9 #%{[]}:|/._-•—wWhtps", max_size=40).map(lambda t: " ".join(t.split())).filter(bool)


@given(key=_MARKS)
@example(key="https://www.example.com/story")
@example(key="WWW.EXAMPLE.COM")
@example(key="#Budget #Economy")
@example(key="Tags:")
@example(key="- | -")
def test_the_page_id_shapes_look_for_their_marks_first(key):
    # Each looks for a character every line of its shape holds before its pattern:
    # the answer is the pattern's.
    from cleanwire.rules.structure import shapes

    for check, pattern in (
        (shapes.is_link_line, shapes._LINK_LINE),
        (shapes.is_id_line, shapes._ID_LINE),
        (shapes.is_placeholder, shapes._PLACEHOLDER),
        (shapes.is_hashtag_line, shapes._HASHTAGS),
        (shapes.is_empty_label, shapes._EMPTY_LABEL),
    ):
        assert check(key) == (pattern.fullmatch(key) is not None), (check.__name__, key)
    assert shapes.is_punctuation_only(key) == (shapes._PUNCTUATION_ONLY.fullmatch(key.replace(" ", "")) is not None)


def test_no_printable_character_but_the_plain_space_is_whitespace():
    # line_key trims only the edges of a printable line without a double space.
    spaces = [c for c in map(chr, range(0x110000)) if c != " " and (c.isspace() or len(f"a{c}a".split()) > 1)]
    assert spaces and not any(c.isprintable() for c in spaces)


@given(text=st.text(alphabet=" \u00a0\t\r\x1cab.•政", max_size=30))
def test_a_line_key_is_its_words_joined_by_single_spaces(text):
    from cleanwire.rules.lines.keys import line_key

    assert line_key(text) == " ".join(text.split())


_STAMP_PIECES = st.sampled_from(
    ["12", "2024", "10:15", "9.30", "3rd", "12/03/2024", "1440/9/20", "am", "PM", "p.m.", "a.m", "Updated", "updated",
     "GMT", "local", "time", "March", "mar.", "MAY", "may", "Sept", "tues", "wed", "Friday", "Rabi", "al-Awwal",
     "rabi al-awwal", "sha'ban", "Poush", "esfand", "Karachi", "KATHMANDU", "said", "people", "hurt", "in", "the",
     "café", "naïve", "th", "-", "—", ",", "|", ":", "(", ")", "’", "said,", "'people'", "marching", "ſep", "政府"]
)


@given(st.lists(_STAMP_PIECES, min_size=1, max_size=9), st.sampled_from([" ", "", ", ", " - "]))
# Stamps written in lower case: weekdays, months of several words, stamp words.
@example(["tues", "12", "mar", "10:15", "wed"], " ")
@example(["12", "rabi al awwal", "1446", "updated", "local", "time"], " ")
@example(["sat", "1440/9/20", "posted", "pkt"], " ")
@example(["12", "rabialawwal", "1446", "jumadaalula"], " ")
def test_the_plain_words_shortcut_answers_as_the_stamp_tokens_do(pieces, joiner):
    from cleanwire.rules.structure import shapes

    v = packaged()
    key = joiner.join(pieces)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shapes, "_two_plain_words", lambda key, known: False)
        expected = shapes.stamp_parts(key, v.stamp_words, v.months)
    assert shapes.stamp_parts(key, v.stamp_words, v.months) == expected


@given(_STAMP_PIECES | st.text(alphabet="“(\"'AaMmYy.:12 ", max_size=6))
@example("“March")
@example("Local")
def test_a_word_unknown_to_stamps_opens_no_stamp_but_a_place(piece):
    # The run-on rule's first look at a sentence: a word it says no to is a place
    # name or stops the stamp, which the stamp's tokens confirm.
    from cleanwire.rules.structure import shapes

    v = packaged()
    if shapes.unknown_to_stamps(piece, v.stamp_words, v.months):
        parts = shapes.stamp_parts(piece + " 1", v.stamp_words, v.months)
        assert parts is None or "place" in parts


def test_a_sentence_opening_with_a_plain_word_is_not_read_as_a_stamp(monkeypatch):
    from cleanwire.rules import runon
    from cleanwire.rules.structure import shapes

    v = packaged()
    assert runon._stamp_lead("Updated 26 February 2021 Rescue", "Updated 26 February 2021 Rescue".split(), v) is not None
    monkeypatch.setattr(shapes, "_STAMP_TOKEN", None)  # any use of the tokens fails
    unit = "Officials said 12 people were hurt."
    assert runon._stamp_lead(unit, unit.split(), v) is None


def test_a_sentence_with_a_figure_is_no_stamp_without_reading_its_tokens(monkeypatch):
    from cleanwire.rules.structure import shapes

    v = packaged()
    assert shapes.is_stamp("Updated 12 March 2024, 10:15 am", v.stamp_words, True, v.months)
    monkeypatch.setattr(shapes, "_STAMP_TOKEN", None)  # any use of the tokens fails
    assert not shapes.is_stamp("He said 12 people were hurt in the blast.", v.stamp_words, False, v.months)


# The next story a page loads under the first, as scraped: its headline printed twice,
# with the furniture the page printed after the first story (a stamp, the site's name).
_NEXT = [
    "Floods close the coastal road",
    "Floods close the coastal road",
    "• Traffic diverted through the hills",
    "Updated 20 March 2024",
    "The Courier",
    "Heavy rain flooded the coastal road on Monday and officials said it would stay closed for at least a week.",
    "Engineers were sent to inspect two bridges that the water had reached, the roads department said in a statement.",
    "Residents of the villages along the road said they had been cut off from the town's hospital since Sunday night.",
    "Updated 20 March 2024",
    "The Courier",
]


@pytest.mark.parametrize("blank", ["", "\n"])
def test_another_story_the_page_appended_goes_whole(blank):
    p4 = "The finance committee will publish a summary of the budget for residents before the new year begins in July."
    story = ["Council approves new budget", "The Courier", P1, P2, P3, p4, "Updated 20 March 2024", "The Courier"]
    text = (blank + "\n").join(story + _NEXT) + "\n"
    kept = cleanwire.clean(text)
    assert kept == (blank + "\n").join(story[:1] + story[2:6]) + "\n"
    notes = {c.code for c in cleanwire.explain(text).changes if "Heavy rain" in c.removed}
    assert notes == {"CW710"}


def test_a_second_story_with_more_prose_than_the_first_stays():
    # On the evidence of furniture alone, a "second story" holding most of the page's
    # prose is more likely the story's own sections: nothing of it is taken.
    more = [
        "Ferries to the islands were cancelled for a second day as the sea stayed rough, the port authority said.",
        "Schools in the low-lying districts will stay closed until Thursday, the education department announced.",
        "Farmers said the water had ruined much of the rice they had planted a fortnight before the storm.",
    ]
    text = "\n".join(["Council approves new budget", P1, "Updated 20 March 2024", "The Courier", *_NEXT[:8], *more, *_NEXT[8:]]) + "\n"
    kept = cleanwire.clean(text)
    assert all(paragraph in kept for paragraph in _NEXT[5:8] + more)
    assert "CW710" not in {c.code for c in cleanwire.explain(text).changes}


def test_a_heading_of_the_storys_own_subject_starts_no_second_story():
    # The page's furniture around a heading printed twice, but the heading's words are
    # the story's: a section of it, not the next story.
    text = "\n".join(["Council approves new budget", P1, P2, "Updated 20 March 2024", "The Courier",
                      "Budget debate over school funding", "Budget debate over school funding",
                      "Updated 20 March 2024", "The Courier", P3]) + "\n"
    assert P3 in cleanwire.clean(text)
    assert "CW710" not in {c.code for c in cleanwire.explain(text).changes}


@pytest.mark.parametrize(
    "between",
    [
        # A headline printed twice with nothing of the page's template around it.
        [P2, "Floods close the coastal road", "Floods close the coastal road", P3],
        # Furniture above it that the page does not print again below it.
        [P2, "Updated 20 March 2024", "Floods close the coastal road", "Floods close the coastal road", "By Staff Reporter", P3],
        # A live page's entry, its title printed twice, between two times of the day.
        [P2, "10:32 AM", "Minister arrives at parliament", "Minister arrives at parliament", "10:45 AM", P3],
        # A page that prints its stamp and name under each block of the story, between
        # its own paragraphs as around a heading it prints twice.
        ["Updated 20 March 2024", "The Courier", P2, "Updated 20 March 2024", "The Courier",
         "What the council says", "What the council says", "Updated 20 March 2024", "The Courier", P3],
    ],
)
def test_a_headline_printed_twice_without_the_pages_template_around_it_ends_no_story(between):
    text = "\n".join(["Council approves new budget", P1, *between]) + "\n"
    assert all(p in cleanwire.clean(text) for p in (P1, P2, P3))
    assert "CW710" not in {c.code for c in cleanwire.explain(text).changes}


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_topic_tags_under_the_story_without_a_heading_go_when_one_is_a_known_label(gap):
    # `Transport` is a section label the vocabulary knows; the places beside it, one
    # after another, are tags like it (`Sindh` would read as a dateline alone).
    text = gap.join(["Karachi to get new bus routes", P1, P2, "Karachi", "Transport", "Sindh"]) + "\n"
    assert cleanwire.clean(text) == gap.join(["Karachi to get new bus routes", P1, P2]) + "\n"


@pytest.mark.parametrize(
    "ending",
    [
        ["Peshawar", "Mardan", "Swat"],  # no known label among them
        ["Cities on the new routes", "Karachi", "Transport", "Sindh"],  # under a sub-heading of three words
        ["Karachi", "Updated 20 March 2024", "Transport", "Sindh"],  # not one after another
    ],
)
def test_short_lines_that_end_the_story_stay_unless_they_read_as_tags(ending):
    # (A known label alone, `Transport`, goes wherever it stands below the story, and
    # so does a stamp.)
    text = "\n".join(["Schools to reopen on Monday", P1, P2, *ending]) + "\n"
    kept = cleanwire.clean(text).split("\n")
    assert all(line in kept for line in ending if line not in ("Transport", "Updated 20 March 2024"))


@pytest.mark.parametrize("label", ["Published On:", "Last Updated:", "Date:"])
def test_a_stamp_printed_under_its_label_after_the_byline_goes(label):
    # The byline's label leads in its name, which stays; the stamp's label leads in
    # nothing of the story's, so the date under it is the page's stamp.
    text = "\n".join(["Monsoon likely to be above normal", P1, P2, "Published By:", "Priya Singh", label, "Mar 5, 2024"]) + "\n"
    kept = cleanwire.clean(text)
    assert "Priya Singh" in kept and "Mar 5, 2024" not in kept
    # A date in a list the story leads in to stays.
    story = "\n".join(["Election schedule announced", P1, P2, "Key dates:", "Mar 5, 2024", "Apr 9, 2024"]) + "\n"
    assert cleanwire.clean(story) == story


def test_a_removed_line_ends_the_list_a_sub_heading_leads_in():
    # `Angry` reads as a sub-heading of the story's own (`Squad`); under it a share
    # button the phrase rules take, then headlines of other stories: no item of a
    # list of the story's comes after furniture.
    text = "\n".join(["Ferry fares to rise", P1, P2, "Angry", "• Share on Facebook",
                      "Floods close the coastal road", "Minister opens new bridge in the north"]) + "\n"
    kept = cleanwire.clean(text)
    assert "Floods close the coastal road" not in kept and "Minister opens new bridge" not in kept
    # Without the furniture between, the sub-heading's list stays.
    story = "\n".join(["Ferry fares to rise", P1, P2, "Squad", "Babar Azam (captain)", "Shaheen Shah Afridi"]) + "\n"
    assert cleanwire.clean(story) == story
