"""The page reader on the layouts the region's press uses: one short page, written for the test, per family.

Every page here is invented: the outlets' shapes (where the date, byline,
dateline and credits sit) are real, the words are not.
"""

import hashlib

from iraq_security.pages import parse_page

BODY = (
    "The two delegations met for three hours on Tuesday to discuss border security, "
    "the officials said in a statement released afterwards."
)
MORE = "Both sides agreed to meet again next month in Baghdad to review the joint patrols, the statement added."


def parse(text: str, name: str = "900_layout.txt"):
    return parse_page(text, name, hashlib.sha256(text.encode()).hexdigest())


# ---------------------------------------------------------------- titles


def test_menu_category_and_skip_link_are_not_the_title():
    page = (
        "Skip to the content\nZagros Daily\nHome\nKurdistan\nIraq\nWorld\nEN | KU | AR\n\n"
        f"Kurdistan\nBorder officials agree on joint patrols\n12-05-2024\n\n{BODY}\n"
    )
    article = parse(page)
    assert article.title == "Border officials agree on joint patrols"
    assert article.title_rule == "first headline-like line"


def test_repeated_headline_is_the_title():
    page = (
        f"Report\nAll News\nCategory: Kurdistan\nDate: 2023-04-15T17:48:22+0000\n"
        f'Border chiefs meet: patrols to start "within weeks"\n\n{BODY}\n\n'
        'Related\nBorder chiefs meet: patrols to start "within weeks"\n'
    )
    article = parse(page)
    assert article.title == 'Border chiefs meet: patrols to start "within weeks"'
    assert article.title_rule == "repeated headline"
    assert article.section == "Kurdistan"


def test_photo_caption_above_the_headline_is_the_caption():
    page = (
        "Ali Rahimi, a border commander (File photo)\n\n"
        f"Border commander visits frontier posts – sources\n\nMar 8, 2025, 13:52 GMT+0\n\n{BODY}\n"
    )
    article = parse(page)
    assert article.caption == "Ali Rahimi, a border commander (File photo)"
    assert article.title == "Border commander visits frontier posts – sources"


def test_page_without_a_headline_says_so_and_leaves_the_title_null():
    article = parse(f"{BODY}\n\n{MORE}\n")
    assert article.title is None
    assert article.title_rule.startswith("none")
    assert "no title found on the page" in article.warnings


def test_standfirst_printed_twice_is_the_subtitle_and_not_the_body():
    standfirst = (
        "A year after the border pact, the two governments have turned a source of friction into regular talks."
    )
    page = f"Politics\n\nQuiet diplomacy on the frontier\n\n{standfirst}\n\nBy Jane Roe\nApril 8, 2024\n\n{standfirst}\n\n{BODY}\n"
    article = parse(page)
    assert article.title == "Quiet diplomacy on the frontier"
    assert article.subtitle == standfirst
    assert article.body == BODY
    assert article.byline == "Jane Roe"


# ---------------------------------------------------------------- publication dates


def test_labelled_published_and_last_update_lines_are_kept_apart():
    article = parse(f"Border talks resume in the capital\nPublished: 12 May 2024\nLast Update: 13 May 2024\n{BODY}")
    assert (article.published, article.updated) == ("2024-05-12", "2024-05-13")
    assert article.published_rule == "labelled line"


def test_issued_on_line_gives_date_and_time():
    article = parse(f"Border talks resume in the capital\nIssued on: 12/05/2024 - 15:43\n{BODY}")
    assert article.published == "2024-05-12"
    assert article.published_time == "15:43"


def test_iso_timestamp_gives_date_time_and_time_zone():
    article = parse(f"Border talks resume in the capital\nDate: 2023-06-13T09:12:44+0300\n{BODY}")
    assert (article.published, article.published_time, article.published_timezone) == ("2023-06-13", "09:12", "+03:00")


def test_date_with_time_and_gmt_offset_keeps_the_offset():
    article = parse(f"Border talks resume in the capital\nMarch 12, 2024 4:41 PM GMT+3\n{BODY}")
    assert (article.published, article.published_time, article.published_timezone) == ("2024-03-12", "16:41", "GMT+3")


def test_updated_line_alone_gives_the_publication_date_and_says_so():
    article = parse(f"Border talks resume in the capital\nBy Jane Roe\nUpdated 10:26 PM GMT+3, August 22, 2024\n{BODY}")
    assert article.published == "2024-08-22"
    assert article.published_time == "22:26"
    assert article.published_rule.startswith("updated line")


def test_numeric_date_in_either_order_is_read_by_the_outlets_convention():
    # Rudaw writes day first.
    article = parse(f"Rudaw\nHome\nWorld\nIraq\n\nBorder talks resume in the capital\n08-02-2023\n{BODY}")
    assert article.published == "2023-02-08"
    assert not any("day-month or month-day" in w for w in article.warnings)


def test_numeric_date_order_is_decided_by_the_pages_other_dates():
    page = f"Border talks resume in the capital\n05-06-2024\n{BODY}\n\nRelated\nAn older story\n20-05-2024\n"
    article = parse(page)
    assert article.published == "2024-06-05"


def test_undecidable_numeric_date_is_recorded_as_ambiguous():
    article = parse(f"Border talks resume in the capital\n05-06-2024\n{BODY}")
    assert article.published == "2024-06-05"
    assert any("day-month or month-day" in w for w in article.warnings)


def test_year_first_numeric_date():
    article = parse(f"Border talks resume in the capital\n2024/05/12\n{BODY}")
    assert article.published == "2024-05-12"


def test_site_today_banner_is_the_page_date_never_the_publication_date():
    page = f"Saturday, 04 January 2025\nDaily Ledger\nHome\nPolitics\nWorld\nBorder talks resume in the capital\n2022-12-11 10:35\n{BODY}"
    article = parse(page)
    assert article.page_date == "2025-01-04"
    assert article.published == "2022-12-11"


def test_dateline_date_takes_its_year_from_the_saved_day_and_says_so():
    page = f"• Monday, 02 February 2026\nBorder talks resume\nTEHRAN, Feb. 15 (MNA) – {BODY}"
    article = parse(page)
    assert article.published == "2025-02-15"  # no later than the day the page was saved
    assert article.published_rule == "dateline date (year inferred from the page date)"
    assert any("year inferred" in w for w in article.warnings)


def test_copyright_year_only_suggests_the_year_of_a_dateline_date():
    page = f"Border talks resume\nTEHRAN, Feb. 15 (MNA) – {BODY}\n\n© 2022 Mehr News Agency. All rights reserved."
    article = parse(page)
    assert article.published is None
    assert article.published_inferred == "2022-02-15"
    assert "copyright" in article.published_inferred_reason


def test_dateline_day_beats_an_updated_line():
    article = parse(f"Border talks resume\nLast Update: 02 January 2024\n\nERBIL, Dec. 30 (Kurdistan 24) – {BODY}")
    assert article.published == "2023-12-30"
    assert article.updated == "2024-01-02"


def test_date_inside_a_headline_is_not_the_publication_date():
    article = parse(f"What the March 10, 2023 deal means for Iraq\nPublished: 14 May 2024\n\n{BODY}")
    assert article.title == "What the March 10, 2023 deal means for Iraq"
    assert article.published == "2024-05-14"


def test_kicker_in_capitals_is_not_a_dateline():
    article = parse(f"Border talks resume in the capital\n\nEXCLUSIVE – {BODY}")
    assert article.dateline is None


def test_promotion_words_inside_a_quote_are_kept():
    quote = "“Countries like us cannot accept attacks on our soil,” the minister said after the talks."
    article = parse(f"Border talks resume in the capital\n\n{BODY}\n\n{quote}\n")
    assert article.body.endswith(quote)


def test_line_introducing_a_quote_is_not_a_crosshead():
    article = parse(f"Border talks resume in the capital\n\n{BODY}\n\nThe minister told reporters:\n\n{MORE}\n")
    assert "The minister told reporters:" in article.body


def test_first_sentence_date_is_a_last_resort_marked_as_inferred():
    article = parse(f"Border talks resume in the capital\nOn Wednesday, 13 March 2024, {BODY}")
    assert article.published is None
    assert article.published_inferred == "2024-03-13"
    assert article.published_rule == "inferred: first sentence"


def test_page_with_no_date_gets_none_and_a_warning():
    article = parse(f"Border talks resume in the capital\n{BODY}")
    assert article.published is None and article.published_inferred is None
    assert "no publication date on the page" in article.warnings


# ---------------------------------------------------------------- publishers and credits


def test_masthead_outlet_is_the_publisher_and_an_agency_line_is_the_credited_source():
    page = f"Arab News\nSaudi Arabia\nWorld\nBusiness\n\nMiddle-East\nBorder talks resume in the capital\nAFP\nJuly 16, 2023 20:51\n\nBAGHDAD: {BODY}"
    article = parse(page)
    assert (article.publisher, article.publisher_rule) == ("arab-news", "masthead")
    assert article.credited_source == "afp"


def test_dateline_with_agency_code_gives_publisher():
    article = parse(f"Border talks resume\nMarch 3, 2024\nTEHRAN, Feb. 15 (MNA) – {BODY}")
    assert article.publisher == "mehr"
    assert article.dateline == "Tehran"


def test_agency_code_of_the_publishers_own_agency_is_not_a_credited_source():
    article = parse(
        f"Mehr News Agency\nHome\nPolitics\nWorld\n\nBorder talks resume\nFeb 15, 2022, 6:48 PM\n\nTEHRAN, Feb. 15 (MNA) – {BODY}"
    )
    assert article.publisher == "mehr" and article.credited_source is None


def test_copyright_footer_names_an_unknown_publisher_recorded_from_the_page():
    article = parse(f"Border talks resume in the capital\n{BODY}\n\n© 2024 Zagros Daily Monitor. All rights reserved.")
    assert (article.publisher, article.publisher_rule) == ("zagros-daily-monitor", "copyright line")
    assert article.new_outlets == ["Zagros Daily Monitor"]


def test_copyright_footer_with_rights_first():
    article = parse(f"Border talks resume in the capital\n{BODY}\n\nAll rights reserved to Kurdistan Chronicle © 2019")
    assert article.publisher == "kurdistan-chronicle"


def test_source_line_gives_publisher_and_editor():
    article = parse(f"Border talks resume in the capital\nSource: Xinhua| 2019-09-09 03:26:41|Editor: yan\n{BODY}")
    assert (article.publisher, article.publisher_rule) == ("xinhua", "source line")
    assert article.editor == "yan"
    assert article.published == "2019-09-09"
    assert article.tags == []


def test_edited_by_outlet_in_brackets_names_the_publisher():
    article = parse(f"Border talks resume in the capital\n{BODY}\n\n[Edited By Press TV]")
    assert (article.publisher, article.publisher_rule) == ("press-tv", "editing credit")


def test_leading_outlet_credit_is_the_publisher_and_stays_out_of_the_body():
    article = parse(f"Border talks resume in the capital\n\nShafaq News/ {BODY}")
    assert article.publisher == "shafaq-news"
    assert article.body == BODY
    assert article.dateline_text == "Shafaq News/"


def test_reuters_credit_line_gives_the_editor_and_ends_the_text():
    page = (
        f"Border talks resume\nBAGHDAD, March 12 (Reuters) - {BODY}\n\n{MORE}\n\n"
        "Reporting by Jane Roe in Baghdad; Writing by John Doe; Editing by Mary Major\n\n"
        "Market figures are delayed by at least 15 minutes and shown for information only.\n"
    )
    article = parse(page)
    assert article.editor == "Mary Major"
    assert article.body.endswith(MORE)


def test_contributor_line_after_the_text_is_not_body():
    page = f"Border talks resume\n{BODY}\n\n{MORE}\n\nAssociated Press writer Jane Roe in Baghdad contributed to this report.\n"
    article = parse(page)
    assert "contributed" not in article.body


# ---------------------------------------------------------------- datelines


def test_dateline_with_outlet_in_brackets():
    article = parse(f"Border talks resume in the capital\nERBIL (Kurdistan 24) – {BODY}")
    assert (article.dateline, article.dateline_rule) == ("Erbil", "dateline")
    assert article.body == BODY


def test_dateline_with_colon():
    article = parse(f"Border talks resume in the capital\nBAGHDAD: {BODY}")
    assert article.dateline == "Baghdad"
    assert article.body == BODY


def test_dateline_in_title_case_with_agency():
    article = parse(f"Border talks resume in the capital\nBaghdad (AFP) – {BODY}")
    assert article.dateline == "Baghdad"
    assert article.credited_source == "afp"


def test_dateline_with_region_country_and_government_site_code():
    article = parse(f"Border talks resume in the capital\nErbil, Kurdistan Region, Iraq (GOV.KRD) – {BODY}")
    assert article.dateline == "Erbil"
    assert article.dateline_text == "Erbil, Kurdistan Region, Iraq (GOV.KRD) –"
    assert article.body == BODY


def test_dateline_spelled_the_local_way_gets_the_gazetteer_name():
    article = parse(f"Border talks resume in the capital\nSULAIMANI — {BODY}")
    assert article.dateline == "Sulaymaniyah"
    assert article.dateline_text == "SULAIMANI —"


def test_dateline_with_two_cities():
    article = parse(f"Border talks resume\nBAGHDAD/ERBIL, Iraq, March 12 (Reuters) - {BODY}")
    assert article.dateline == "Baghdad/Erbil"
    assert article.credited_source == "reuters"


def test_dateline_on_a_line_of_its_own():
    article = parse(f"Border talks resume in the capital\nBy Jane Roe |12.04.2025\nANTALYA, Türkiye\n\n{BODY}")
    assert (article.dateline, article.dateline_rule) == ("Antalya", "dateline line")
    assert article.body == BODY


def test_dateline_line_with_agency_code_after_the_place():
    article = parse(f"Border talks resume in the capital\n05-03-2025, 16:42\nBaghdad-INA\n\n{BODY}")
    assert article.dateline == "Baghdad"
    assert article.publisher == "iraqi-news-agency"


def test_dateline_line_with_date_gives_the_publication_date():
    article = parse(f"Border talks resume in the capital\n\nErbil, Kurdistan Region, February 11, 2025\n\n{BODY}")
    assert article.dateline == "Erbil"
    assert (article.published, article.published_rule) == ("2025-02-11", "dateline")


def test_heading_with_a_colon_is_not_a_dateline():
    article = parse(
        f"Border talks resume in the capital\nPMF: we thwarted an attack on a border post north of Diyala on Sunday. {BODY}"
    )
    assert article.dateline is None


def test_headline_starting_with_two_countries_is_not_a_dateline():
    article = parse(f"Iran, Iraq - a new page in border ties\n{BODY}")
    assert article.title == "Iran, Iraq - a new page in border ties"
    assert article.dateline is None


def test_site_name_after_the_headline_is_the_publisher_not_part_of_the_title():
    article = parse(f"Border talks resume in the capital | Rudaw\n{BODY}")
    assert article.title == "Border talks resume in the capital"
    assert (article.publisher, article.publisher_rule) == ("rudaw", "title suffix")


def test_byline_with_agency_gives_writer_and_credited_agency():
    article = parse(f"Kurdistan Chronicle\nBorder talks resume in the capital\nBy Jane Roe, Reuters\n{BODY}")
    assert article.byline == "Jane Roe"
    assert (article.publisher, article.credited_source) == ("kurdistan-chronicle", "reuters")


def test_menu_item_naming_a_country_is_not_a_dateline():
    article = parse(f"U.S.\nWorld\nPolitics\n\nBorder talks resume in the capital\nBy Jane Roe\n\n{BODY}")
    assert article.dateline is None


# ---------------------------------------------------------------- the body


def test_related_stories_newsletter_box_and_tags_stay_out_of_the_body():
    page = (
        f"Border talks resume in the capital\n\n{BODY}\n\nRead more\nAn older story about roads\nAnother story\n\n"
        f"{MORE}\n\nTags\nBorder security\nErbil\n\nRelated News\nA third story\n\n© 2024 BasNews. All Rights Reserved."
    )
    article = parse(page)
    assert article.body == f"{BODY}\n\n{MORE}"
    assert article.tags == ["Border security", "Erbil"]
    assert article.publisher == "basnews"


def test_missing_fields_are_warned_once_each():
    article = parse(f"{BODY}\n\n{MORE}\n")
    for field in ("no title found", "no publication date", "no publisher found", "no dateline found"):
        assert sum(w.startswith(field) for w in article.warnings) == 1


# ---------------------------------------------------------------- shapes from a survey of real layouts


def test_desk_code_run_onto_the_last_sentence_is_dropped_and_the_paragraph_kept():
    article = parse(f"Border talks resume in the capital\n\n{BODY}\n\n{MORE}– NNN-NINA\n")
    assert article.body.endswith(MORE)


def test_a_station_name_with_dots_is_not_a_desk_code():
    article = parse(f"GOV.KRD\nHome\nNews\nMedia\n\nBorder talks resume in the capital\n\n{BODY}")
    assert article.publisher == "gov-krd"


def test_kicker_above_a_longer_headline_is_not_the_title():
    article = parse(
        f"Officials meet in Erbil\n\nDeputy minister discusses border patrols with Kurdish officials\n\n{BODY}"
    )
    assert article.title == "Deputy minister discusses border patrols with Kurdish officials"


def test_ticker_under_breaking_is_not_the_title():
    ticker = (
        "Oil exports steady in December Erbil airport reopens after fog Border guards seize smuggled fuel in Diyala"
    )
    article = parse(f"Daily Ledger\nBreaking\n{ticker}\n\nBorder talks resume in the capital\n\n{BODY}")
    assert article.title == "Border talks resume in the capital"


def test_headline_under_breaking_news_is_still_the_title():
    article = parse(f"Breaking News\nBorder talks resume in the capital\n\n{BODY}")
    assert article.title == "Border talks resume in the capital"


def test_dated_sentence_under_the_headline_is_a_caption_not_the_publication_date():
    article = parse(
        f"Border talks resume in the capital\nSmoke rises over a hillside near Sidakan, June 4, 2020.\n\n{BODY}"
    )
    assert article.caption == "Smoke rises over a hillside near Sidakan, June 4, 2020."
    assert article.published is None


def test_caption_ending_in_an_agency_credit_is_a_caption():
    caption = "Border guards stand at a post near Penjwen, May 3, 2021. (Anadolu Agency)"
    article = parse(f"Border talks resume in the capital\n\n{caption}\n\n{BODY}")
    assert article.caption == caption and article.published is None


def test_today_banner_with_abbreviated_weekday_is_the_page_date():
    page = f"TUE, 15 JUN 2021 Kurdistan Region (GMT +3)\nDAILY ■ WED, 09 JUN 2021 13:20\n\nBorder talks resume in the capital\n\n{BODY}"
    article = parse(page)
    assert (article.page_date, article.published, article.published_time) == ("2021-06-15", "2021-06-09", "13:20")


def test_weekday_settles_the_order_of_a_numeric_date():
    article = parse(f"Border talks resume in the capital\nTuesday, 11/12/2024\n\n{BODY}")
    assert article.published == "2024-11-12"


def test_place_colon_headline_is_a_title_not_a_dateline():
    article = parse(f"Tehran: Baghdad Has Until Spring to Finish Border Patrol Plan\n\n{BODY}")
    assert article.title == "Tehran: Baghdad Has Until Spring to Finish Border Patrol Plan"
    assert article.dateline is None


def test_byline_that_names_an_agency_is_a_credit_not_a_writer():
    article = parse(f"Voice of America\nBorder talks resume in the capital\nBy Associated Press\n\n{BODY}")
    assert article.byline is None
    assert article.credited_source == "associated-press"


def test_dateline_after_a_syndicators_bracket():
    article = parse(f"Border talks resume\n\n(MENAFN- Nam News Network) BAGHDAD, Oct 2 (NNN-NINA) – {BODY}")
    assert article.dateline == "Baghdad"
    assert article.body == BODY


def test_dateline_whose_agency_bracket_is_the_separator():
    article = parse(f"Border talks resume\n\nTehran, March 20 (IANS) {BODY}")
    assert article.dateline == "Tehran"
    assert article.body == BODY


def test_dateline_with_the_country_in_square_brackets():
    article = parse(f"Border talks resume\n\nErbil [Iraq], September 10: {BODY}")
    assert article.dateline == "Erbil"
    assert article.body == BODY


def test_dateline_without_a_space_after_the_dash():
    article = parse(f"Border talks resume\n\nSULAIMANI —{BODY}")
    assert article.dateline == "Sulaymaniyah"
    assert article.body == BODY


def test_aggregator_footer_credits_the_original_outlet():
    page = f"Border talks resume in the capital\n\n{BODY}\n\nThe post Border talks resume in the capital appeared first on Rudaw.\n"
    article = parse(page)
    assert article.credited_source == "rudaw"
    assert "appeared first" not in article.body


def test_source_line_under_the_text_credits_the_story_not_the_site():
    article = parse(
        f"Kurdistan Chronicle\nHome\nNews\nWorld\n\nBorder talks resume in the capital\n\n{BODY}\n\nSource: Xinhua\n"
    )
    assert article.credited_source == "xinhua"
    assert article.publisher == "kurdistan-chronicle"
