"""The page reader: each rule on a small page written for it."""

import hashlib

import pytest

from iraq_security.pages import UnreadablePage, decode, parse_page, read_corpus, split_tags

BODY = (
    "The two delegations met for three hours on Tuesday to discuss border security, "
    "the officials said in a statement released afterwards."
)


def parse(text: str, name: str = "900_test.txt"):
    return parse_page(text, name, hashlib.sha256(text.encode()).hexdigest())


def test_saved_page_date_is_page_date_not_publication_date():
    article = parse(f"• Monday, 02 February 2026\nlogo\n\nA headline\n\n{BODY}\n")
    assert article.page_date == "2026-02-02"
    assert article.published is None
    assert "Monday" not in article.body


def test_logo_and_top_are_dropped():
    article = parse(f"logo\nA headline\n{BODY}\nTop\n")
    assert article.body == BODY


def test_publication_line_gives_publisher_date_and_section():
    article = parse(f"A headline\n\nGulan Media September 28, 2020 News\nA headline\n{BODY}")
    assert article.publisher == "gulan-media"
    assert article.published == "2020-09-28"
    assert article.section == "News"
    assert article.title == "A headline"
    assert not article.body.startswith("A headline")


def test_unknown_outlet_in_publication_line_is_recorded_not_lost():
    article = parse(f"A headline\nDaily Ledger News March 3, 2022 Politics\n{BODY}")
    assert article.publisher == "daily-ledger-news"
    assert article.new_outlets == ["Daily Ledger News"]


def test_tag_line_gives_tags_date_time_and_drops_font_widget():
    article = parse(f"A headline\n\nPoliticsDisputed areasKurdistan Region 2021-05-09 15:15A-AA +\n\n{BODY}")
    assert article.tags == ["Politics", "Disputed areas", "Kurdistan Region"]
    assert article.published == "2021-05-09"
    assert article.published_time == "15:15"
    assert "A-AA" not in article.body


def test_run_together_tags_split_at_case_changes():
    assert split_tags("Mustafa Al-KazemiISIS attacks in Iraq") == ["Mustafa Al-Kazemi", "ISIS attacks in Iraq"]


def test_opening_outlet_credit_is_the_publisher():
    article = parse(f"A headline\n\nShafaq News / {BODY}")
    assert article.publisher == "shafaq-news"
    assert article.body == BODY


def test_dateline_with_outlet_gives_place_and_credited_source():
    article = parse(f"A headline\nERBIL (Kurdistan 24) – {BODY}")
    assert article.dateline == "Erbil"
    assert article.credited_source == "kurdistan-24"
    assert article.body == BODY


def test_dateline_with_region_gives_place_only():
    article = parse(f"A headline\nSULAIMANI, Kurdistan Region - {BODY}")
    assert article.dateline == "Sulaymaniyah"  # the gazetteer's name for the city
    assert article.dateline_text == "SULAIMANI, Kurdistan Region -"
    assert article.credited_source is None
    assert article.body == BODY


def test_closing_outlet_name_is_credited_source():
    article = parse(f"A headline\n{BODY}\n\nRudaw\nTop")
    assert article.credited_source == "rudaw"
    assert article.body == BODY


def test_editing_by_line_is_the_editor():
    article = parse(f"A headline\n{BODY}\n\nEditing by Jane Roe\n")
    assert article.editor == "Jane Roe"
    assert "Editing by" not in article.body


def test_wordpress_comment_form_is_dropped():
    form = (
        "Leave a Reply\n\nFill in your details below: Logo\n\nYou are commenting using your account. "
        "Log Out /  Change )\n\nConnecting to %s\n"
    )
    article = parse(f"A headline\n{BODY}\n\n{form}")
    assert article.body == BODY


def test_comment_policy_is_dropped_and_names_the_publisher():
    policy = (
        "Comments\nRudaw moderates all comments submitted on our website.\nComments are not edited.\nPost a comment\n"
    )
    article = parse(f"A headline\n{BODY}\n{policy}")
    assert article.body == BODY
    assert article.publisher == "rudaw"


def test_caption_without_headline_is_caption_and_title_is_null():
    caption = "Officials meeting in Baghdad on March 4, 2023. Photo: the ministry’s office"
    article = parse(f"{caption}\nBAGHDAD, Iraq – {BODY}")
    assert article.caption == caption
    assert article.title is None


def test_missing_publication_date_is_inferred_from_caption_with_reason():
    caption = "Officials meeting in Baghdad on March 4, 2023. Photo: the ministry’s office"
    article = parse(f"{caption}\n{BODY}")
    assert article.published is None
    assert article.published_inferred == "2023-03-04"
    assert "caption" in article.published_inferred_reason


def test_no_date_anywhere_leaves_published_null():
    article = parse(f"A headline\n{BODY}")
    assert article.published is None and article.published_inferred is None


def test_title_starting_in_lower_case_is_kept_with_a_warning():
    article = parse(f"ad leaders discuss threats\n{BODY}")
    assert article.title == "ad leaders discuss threats"
    assert any("lower case" in w for w in article.warnings)


def test_paragraphs_are_kept():
    article = parse(f"A headline\n{BODY}\n\n{BODY}\n{BODY}")
    assert article.body.count("\n\n") == 2


def test_page_with_only_chrome_has_no_body():
    with pytest.raises(UnreadablePage, match="no recognisable article body"):
        parse("logo\nA headline\nTop\n")


def test_article_id_is_a_stable_slug_of_the_file_name():
    assert parse(f"A headline\n{BODY}", "000_D910d8e5.txt").id == "000-d910d8e5"


# ---------------------------------------------------------------- bad files


def test_empty_file_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text("")
    articles, problems = read_corpus(tmp_path)
    assert articles == []
    assert problems[0].severity == "error" and "empty" in problems[0].message


def test_binary_file_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    articles, problems = read_corpus(tmp_path)
    assert articles == [] and "binary" in problems[0].message


def test_text_that_is_not_utf8_is_decoded_as_cp1252_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_bytes(f"A headline\n{BODY} \u201cquoted\u201d".encode("cp1252"))
    articles, problems = read_corpus(tmp_path)
    assert "\u201cquoted\u201d" in articles[0].body
    assert any(p.severity == "warning" and "cp1252" in p.message for p in problems)


def test_duplicate_content_is_kept_once_and_noted(tmp_path):
    (tmp_path / "a.txt").write_text(f"A headline\n{BODY}")
    (tmp_path / "b.txt").write_text(f"A headline\n{BODY}")
    (tmp_path / "c.txt").write_text(f"logo\nA headline\n{BODY}\nTop")  # same article, other chrome
    articles, problems = read_corpus(tmp_path)
    assert [a.source_file for a in articles] == ["a.txt"]
    assert sorted(p.source_file for p in problems if "duplicate" in p.message) == ["b.txt", "c.txt"]


def test_directory_and_broken_symlink_are_problems(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "y.txt").symlink_to(tmp_path / "missing")
    articles, problems = read_corpus(tmp_path)
    assert articles == []
    assert {p.source_file for p in problems} == {"x.txt", "y.txt"}


def test_decode_rejects_whitespace_only():
    with pytest.raises(UnreadablePage):
        decode(b"  \n\n ", "a.txt")


def test_wire_dateline_gives_place_and_credited_agency():
    article = parse(f"A headline\nBAGHDAD, Jan 5 (Reuters) - {BODY}")
    assert article.dateline == "Baghdad"
    assert article.credited_source == "reuters"
    assert article.body == BODY


def test_byline_is_kept_out_of_the_body():
    article = parse(f"A headline\nBy Jane Roe and John Doe\n{BODY}")
    assert article.byline == "Jane Roe and John Doe"
    assert article.body == BODY
