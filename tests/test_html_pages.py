"""Saved HTML pages: trafilatura's main text and the page's own metadata, down the same rules as text pages.

The pages are small documents written for the tests, in the shapes news sites use.
"""

from iraq_security.pages import read_corpus, read_page

PARAGRAPHS = (
    "<p>Iraqi and Kurdish border officials met in Erbil on Tuesday to review the deployment of "
    "federal guards along the mountainous frontier with Iran, the regional interior ministry said.</p>"
    "<p>The two sides agreed to share reports on smuggling routes every week, the statement added, "
    "and to meet again in Baghdad next month.</p>"
)


def page(
    body: str = PARAGRAPHS,
    head: str = "",
    title: str = "Border officials meet in Erbil",
    charset: str = "utf-8",
    site: str = "Zagros Daily",
    byline: str = "",
) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">{head}</head><body>'
        "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{byline}{body}</article>"
        "<aside><h3>Related</h3><ul><li><a href='/a'>Roads reopen after the floods in Duhok</a></li>"
        "<li><a href='/b'>Power cuts return to Basra</a></li></ul></aside>"
        "<section class='comments'><h3>Comments</h3><p>Great article, thanks for writing it.</p></section>"
        f"<footer>© 2024 {site}. All rights reserved. <a href='/about'>About us</a></footer></body></html>"
    )


def read(tmp_path, html: str | bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return read_page(path)


def test_html_page_gives_main_text_without_navigation_related_links_comments_or_footer(tmp_path):
    article, problems = read(tmp_path, page())
    assert article.body.startswith("Iraqi and Kurdish border officials met in Erbil")
    assert article.body.endswith("meet again in Baghdad next month.")
    for chrome in ("Home", "Roads reopen", "Great article", "All rights reserved", "About us"):
        assert chrome not in article.body
    assert article.source_format == "html"


def test_html_metadata_gives_title_date_site_name_author_and_canonical_url(tmp_path):
    head = (
        '<meta property="article:published_time" content="2024-05-14T10:05:00+03:00">'
        '<meta name="author" content="Jane Roe"><link rel="canonical" href="https://zagros.example/border-talks">'
    )
    article, _ = read(tmp_path, page(head=head))
    assert (article.title, article.title_rule) == ("Border officials meet in Erbil", "html: og:title, <h1> or <title>")
    assert (article.published, article.published_time, article.published_timezone) == ("2024-05-14", "10:05", "+03:00")
    assert article.published_rule == "html: meta article:published_time"
    assert (article.publisher, article.publisher_rule) == ("zagros-daily", "html: site name")
    assert article.byline == "Jane Roe"
    assert article.url == "https://zagros.example/border-talks"


def test_html_site_name_of_a_known_outlet_is_that_outlet(tmp_path):
    article, _ = read(tmp_path, page(site="Al Jazeera"))
    assert article.publisher == "al-jazeera"


def test_html_page_without_a_stated_date_gets_no_date_not_the_copyright_year(tmp_path):
    article, problems = read(tmp_path, page())
    assert article.published is None
    assert any("no publication date" in p.message for p in problems)


def test_html_byline_location_is_the_dateline(tmp_path):
    byline = '<div class="byline"><span class="author">Jane Roe</span> <span class="location">Baghdad</span></div>'
    article, _ = read(tmp_path, page(byline=byline))
    assert (article.dateline, article.dateline_rule) == ("Baghdad", "html: byline location")


def test_html_dateline_in_the_text_is_read_and_kept_out_of_the_body(tmp_path):
    body = PARAGRAPHS.replace("<p>Iraqi and", "<p>SULAIMANI, Iraq — Iraqi and", 1)
    article, _ = read(tmp_path, page(body=body))
    assert article.dateline == "Sulaymaniyah"
    assert article.body.startswith("Iraqi and Kurdish")


def test_html_figure_caption_is_the_caption(tmp_path):
    body = (
        '<figure><img src="a.jpg"><figcaption>Officials at the border post. Photo: the ministry</figcaption></figure>'
        + PARAGRAPHS
    )
    article, _ = read(tmp_path, page(body=body))
    assert article.caption == "Officials at the border post. Photo: the ministry"


# ---------------------------------------------------------------- hostile and broken HTML


def test_scripts_frames_and_event_handlers_never_reach_the_body(tmp_path):
    body = PARAGRAPHS + (
        "<script>document.write('injected words here')</script><iframe src='https://evil.example/x'></iframe>"
        '<img src=x onerror="alert(\'owned\')"><p onclick="steal()">Officials said the patrols would begin '
        "before the summer, according to the ministry.</p><style>p{color:red}</style>"
    )
    article, _ = read(tmp_path, page(body=body))
    assert "patrols would begin before the summer" in article.body
    for markup in ("<", ">", "script", "injected", "alert", "onclick", "steal", "evil.example", "color:red"):
        assert markup not in article.body


def test_hidden_parts_of_a_page_are_not_text(tmp_path):
    body = (
        PARAGRAPHS
        + "<div style='display: none'><p>Hidden words that no reader sees on this page at all, really.</p></div>"
    )
    article, _ = read(tmp_path, page(body=body))
    assert "Hidden words" not in article.body


def test_wrong_declared_encoding_is_read_right_and_reported(tmp_path):
    body = PARAGRAPHS.replace("next month.", "next month, calling it “a new page”.")
    article, problems = read(tmp_path, page(body=body, charset="iso-8859-1").encode("utf-8"))
    assert "“a new page”" in article.body
    assert any("declared encoding 'iso-8859-1' is wrong" in p.message for p in problems)


def test_page_in_a_legacy_encoding_is_decoded_by_its_declaration(tmp_path):
    body = PARAGRAPHS.replace("next month.", "next month, calling it “a new page”.")
    article, _ = read(tmp_path, page(body=body, charset="windows-1252").encode("cp1252"))
    assert "“a new page”" in article.body


def test_truncated_markup_keeps_what_was_saved(tmp_path):
    html = page()
    article, _ = read(tmp_path, html[: html.index("the statement added") + 10])
    assert article.body.startswith("Iraqi and Kurdish border officials met in Erbil")


def test_listing_page_with_no_article_is_a_problem_not_an_article(tmp_path):
    links = "".join(f"<li><a href='/s{i}'>Story number {i} headline</a></li>" for i in range(40))
    html = f"<!DOCTYPE html><html><head><title>Politics | Zagros Daily</title></head><body><nav>Home</nav><ul>{links}</ul></body></html>"
    article, problems = read(tmp_path, html)
    assert article is None
    assert problems[0].severity == "error"
    assert "body" in problems[0].message or "no article text" in problems[0].message


def test_page_of_several_megabytes_is_read_without_its_hidden_bulk(tmp_path):
    bulk = "<div hidden>" + "<span>filler</span>" * 300_000 + "</div>"  # about 6 MB
    article, _ = read(tmp_path, page(body=PARAGRAPHS + bulk))
    assert "filler" not in article.body
    assert article.body.endswith("meet again in Baghdad next month.")


def test_page_built_of_too_many_elements_is_reported(tmp_path):
    bulk = "<div>" + "<span>x</span>" * 60_000 + "</div>"
    article, problems = read(tmp_path, page(body=PARAGRAPHS + bulk))
    assert article is None
    assert "elements" in problems[0].message


def test_html_and_text_pages_are_read_together_in_name_order(tmp_path):
    (tmp_path / "a.html").write_text(page())
    (tmp_path / "b.htm").write_text(
        page(title="Another border meeting in Duhok", body=PARAGRAPHS.replace("Erbil", "Duhok"))
    )
    (tmp_path / "c.txt").write_text(
        "A headline about Basra\n\nBasra officials met on Monday to review the port's security arrangements, "
        "the governor's office said in a statement released afterwards.\n"
    )
    (tmp_path / "notes.md").write_text("not a page")
    articles, _ = read_corpus(tmp_path)
    assert [a.source_file for a in articles] == ["a.html", "b.htm", "c.txt"]


def test_json_ld_date_published_is_read_before_scripts_are_pruned(tmp_path):
    head = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-11-12T09:30:00Z"}</script>'
    body = "<p>Tuesday, 11/12/2024</p>" + PARAGRAPHS
    article, _ = read(tmp_path, page(head=head, body=body))
    assert article.published == "2024-11-12"
    assert article.published_rule == "html: JSON-LD datePublished"


def test_html_kicker_standfirst_and_author_box_stay_above_the_text(tmp_path):
    body = (
        '<span class="category">Politics</span><h2 class="summary">The visit is the third by a federal official to the border this year.</h2>'
        '<div class="author"><span>Kurdistan 24</span></div>'
        + PARAGRAPHS.replace("<p>Iraqi and", "<p>ERBIL (Kurdistan 24) – Iraqi and", 1)
    )
    html = page(body=body, site="Kurdistan24").replace("<h1>Border officials meet in Erbil</h1>", "")
    html = html.replace(
        '<span class="category">Politics</span>',
        '<span class="category">Politics</span><h1>Border officials meet in Erbil</h1>',
    )
    article, _ = read(tmp_path, html)
    assert article.body.startswith("Iraqi and Kurdish border officials")
    assert article.dateline == "Erbil"
    assert article.byline is None
