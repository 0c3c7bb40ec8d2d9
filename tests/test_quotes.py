"""Quotation spans (`find_quotes`): mixed marks, unbalanced marks, paragraphs."""

from __future__ import annotations

from iraq_security.quotes import find_quotes, inside


def texts(body: str) -> list[str]:
    quotes, _ = find_quotes(body)
    return [body[q.start : q.end] for q in quotes]


def test_empty_text_has_no_quotes_and_no_warnings():
    assert find_quotes("") == ([], [])
    assert find_quotes("\n\n") == ([], [])


def test_curly_quotes_are_found_with_their_offsets():
    body = "Rebar Ahmed said “the patrols will be doubled” on Monday."
    quotes, warnings = find_quotes(body)
    assert [body[q.start : q.end] for q in quotes] == ["the patrols will be doubled"]
    assert quotes[0].closed
    assert body[quotes[0].start - 1] == "“" and body[quotes[0].end] == "”"
    assert warnings == []


def test_straight_quotes_are_found():
    assert texts('He said "the road is open" and left.') == ["the road is open"]


def test_mixed_straight_and_curly_marks_pair_up():
    body = '“The road is open," the governor said, "and it will stay open.”'
    assert texts(body) == ["The road is open,", "and it will stay open."]
    assert find_quotes(body)[1] == []


def test_left_curly_mark_used_as_closer():
    assert texts("The minister called it “unacceptable“ and left.") == ["unacceptable"]


def test_guillemets_and_low_marks_are_quotes():
    assert texts("«Stay calm» was the message.") == ["Stay calm"]
    assert texts("„Stay calm“ was the message.") == ["Stay calm"]


def test_several_sentences_inside_one_quote_stay_one_quote():
    body = "“The crossing is closed. Trucks must wait. We will reopen it on Friday,” the mayor said."
    assert texts(body) == ["The crossing is closed. Trucks must wait. We will reopen it on Friday,"]


def test_inch_mark_after_a_digit_does_not_open_a_quote():
    body = 'The 5" pipe burst.\nThe engineer said "repairs have started".'
    assert texts(body) == ["repairs have started"]
    assert find_quotes(body)[1] == []


def test_unclosed_quote_ends_at_paragraph_end_with_a_warning():
    body = "The governor said “the curfew is lifted  \nThe markets reopened on Tuesday."
    quotes, warnings = find_quotes(body)
    assert len(quotes) == 1
    quote = quotes[0]
    assert not quote.closed
    assert body[quote.start : quote.end] == "the curfew is lifted"  # trailing spaces dropped
    assert quote.end <= body.index("\n")
    assert len(warnings) == 1 and "unclosed" in warnings[0] and "paragraph end" in warnings[0]
    assert str(body.index("“")) in warnings[0]


def test_stray_mark_does_not_swallow_later_paragraphs():
    body = (
        'The council met on Sunday and a member said "the vote is delayed.\n\n'
        "The second paragraph has no quote at all.\n\n"
        'In the third, the mayor said "we are ready" to the press.'
    )
    quotes, warnings = find_quotes(body)
    found = [body[q.start : q.end] for q in quotes]
    assert found == ["the vote is delayed.", "we are ready"]
    assert [q.closed for q in quotes] == [False, True]
    assert all("\n" not in text for text in found)
    assert inside(quotes, body.index("second paragraph")) is None
    assert len(warnings) == 1


def test_new_opening_mark_inside_an_open_quote_ends_the_first():
    body = 'He said "the first part and then "the second part" in the end.'
    quotes, warnings = find_quotes(body)
    assert [body[q.start : q.end].strip() for q in quotes] == ["the first part and then", "the second part"]
    assert [q.closed for q in quotes] == [False, True]
    assert len(warnings) == 1 and "next quote" in warnings[0]


def test_only_quotation_marks_do_not_crash():
    for body in ['"', '""', '"""', "“”", "“", "”", "“\n”", "« »", '" "']:
        quotes, warnings = find_quotes(body)
        assert quotes == [], body
        assert isinstance(warnings, list)


def test_lone_mark_gives_one_warning():
    assert len(find_quotes('"')[1]) == 1
    assert find_quotes("”")[1] == []  # a closing mark alone opens nothing


def test_inside_finds_the_quote_holding_a_position():
    body = "A said “one two” and B said “three four”."
    quotes, _ = find_quotes(body)
    assert body[inside(quotes, body.index("three")).start :].startswith("three four")
    assert inside(quotes, body.index("and")) is None
