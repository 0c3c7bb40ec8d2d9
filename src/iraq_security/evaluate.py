"""Score a built database against hand annotations (a gold YAML).

Prints precision, recall and F1 per table and field. The tests call the same
functions and assert thresholds; nothing in the pipeline reads the gold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlite_utils
import yaml

from .gazetteer import fold, name_key


@dataclass
class Score:
    table: str
    field: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0  # for accuracy-style fields
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold, predicted, label: str = "") -> None:
        """Score one value: None on both sides is right and counts nowhere."""
        if gold is None and predicted is None:
            return
        if gold is not None and predicted == gold:
            self.tp += 1
            return
        if predicted is not None:
            self.fp += 1
        if gold is not None:
            self.fn += 1
        self.misses.append(f"{label}: expected {gold!r}, got {predicted!r}")

    def add_sets(self, gold: set, predicted: set, label: str = "") -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        for g in sorted(gold - predicted, key=str):
            self.misses.append(f"{label}: missing {g}")
        for p in sorted(predicted - gold, key=str):
            self.misses.append(f"{label}: extra {p}")


@dataclass
class Evaluation:
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def score(self, table: str, name: str) -> Score:
        return self.scores.setdefault((table, name), Score(table, name))


def evaluate(db_path: str, gold_path: str) -> Evaluation:
    with open(gold_path, encoding="utf-8") as f:
        gold = yaml.safe_load(f)
    db = sqlite_utils.Database(db_path)
    result = Evaluation()
    articles = {row["source_file"]: row for row in db["articles"].rows}
    for row in articles.values():
        row["_tags"] = [
            t["tag"] for t in db["article_tags"].rows_where("article_id = ?", [row["id"]], order_by="rowid")
        ]
    outlet_names = {row["id"]: row["name"] for row in db["outlets"].rows}
    # An outlet is right under any of its names: gold may say "Kurdistan24" for "Kurdistan 24".
    outlet_spellings: dict[str, set[str]] = {i: {fold(n)} for i, n in outlet_names.items()}
    if db["outlet_aliases"].exists():
        for row in db["outlet_aliases"].rows:
            outlet_spellings.setdefault(row["outlet_id"], set()).add(fold(row["alias"]))
    for gold_article in gold.get("articles", []):
        row = articles.get(gold_article["file"])
        if row is None:
            result.notes.append(f"article missing from the database: {gold_article['file']}")
        _score_article(result, gold_article, row or {}, outlet_names, outlet_spellings)
    people = _score_entities(result, gold, db, articles)
    if people is not None:
        _score_meetings(result, gold, db, articles, people)
        _score_claims(result, gold, db, articles, people)
    return result


# ---------------------------------------------------------------- articles

ARTICLE_FIELDS = (
    "title",
    "caption",
    "publisher",
    "credited_source",
    "published",
    "published_inferred",
    "page_date",
    "dateline",
    "editor",
    "tags",
)


def _score_article(
    result: Evaluation, gold: dict, row: dict, outlet_names: dict, outlet_spellings: dict | None = None
) -> None:
    label = gold["file"]
    outlet_spellings = outlet_spellings or {}

    def outlet(column: str, gold_name) -> str | None:
        outlet_id = row.get(column)
        if gold_name and fold(str(gold_name)) in outlet_spellings.get(outlet_id, set()):
            return gold_name
        return outlet_names.get(outlet_id)

    predicted = {
        "title": row.get("title"),
        "caption": row.get("caption"),
        "publisher": outlet("publisher_id", gold.get("publisher")),
        "credited_source": outlet("credited_source_id", gold.get("credited_source")),
        "published": row.get("published"),
        "published_inferred": row.get("published_inferred"),
        "page_date": row.get("page_date"),
        "dateline": row.get("dateline"),
        "editor": row.get("editor"),
        "tags": None,
    }
    for name in ARTICLE_FIELDS:
        if name not in gold and name not in ("published_inferred", "caption", "tags", "editor"):
            continue
        expected = gold.get(name)
        if name in ("published", "published_inferred", "page_date") and expected is not None:
            expected = str(expected)
        if name == "tags":
            expected = tuple(gold["tags"]) if gold.get("tags") else None
            tags = row.get("_tags")
            predicted["tags"] = tuple(tags) if tags else None
        result.score("articles", name).add(expected, predicted[name], label)
    body = row.get("body") or ""
    start = gold.get("body_first_words")
    dateline_text = row.get("dateline_text")
    if start and dateline_text and start.startswith(dateline_text):
        # Gold that keeps the dateline in the body: the database keeps it in dateline_text.
        start = start[len(dateline_text) :].lstrip(" –—-:")
    if start:
        result.score("articles", "body start").add(True, body.startswith(start) or None, label)
    end = gold.get("body_last_words")
    if end:
        result.score("articles", "body end").add(True, body.rstrip().endswith(end) or None, label)
    for chrome in gold.get("not_in_body", []):
        result.score("articles", "no chrome in body").add(True, (chrome not in body) or None, f"{label} {chrome!r}")


# ---------------------------------------------------------------- entities


def _gold_keys(entry: dict) -> set[str]:
    """Full-name keys of a gold entity: its name and every multi-word form."""
    names = [entry["name"], *entry.get("forms", [])]
    return {name_key(n) for n in names if len(name_key(n).split()) > 1} or {name_key(entry["name"])}


def _match_records(gold_entries: list[dict], rows: list[dict], aliases: dict[str, list[str]]) -> dict[str, set[str]]:
    """gold name -> ids of database records that are that entity."""
    matches: dict[str, set[str]] = {}
    for entry in gold_entries:
        keys = _gold_keys(entry)
        folded = {fold(n) for n in [entry["name"], *entry.get("forms", [])]}
        ids = set()
        for row in rows:
            names = [row["name"], *aliases.get(row["id"], [])]
            if row.get("acronym"):
                names.append(row["acronym"])
            if any(name_key(n) in keys or fold(n) in folded for n in names):
                ids.add(row["id"])
        matches[entry["name"]] = ids
    return matches


def _score_entities(result: Evaluation, gold: dict, db, articles: dict) -> dict[str, set[str]]:
    """Score people and organisations; return each gold name's matching record ids,
    which the meeting and claim scores use to recognise participants and speakers."""
    if not db["people"].exists():
        return {}
    person_aliases: dict[str, list[str]] = {}
    for row in db["person_aliases"].rows:
        person_aliases.setdefault(row["person_id"], []).append(row["alias"])
    org_aliases: dict[str, list[str]] = {}
    for row in db["organisation_aliases"].rows:
        org_aliases.setdefault(row["organisation_id"], []).append(row["alias"])
    people = _match_records(gold.get("people", []), list(db["people"].rows), person_aliases)
    organisations = _match_records(gold.get("organisations", []), list(db["organisations"].rows), org_aliases)

    for kind, table, column, matches in (
        ("people", "article_people", "person_id", people),
        ("organisations", "article_organisations", "organisation_id", organisations),
    ):
        by_id = {i: name for name, ids in matches.items() for i in ids}
        for gold_article in gold.get("articles", []):
            row = articles.get(gold_article["file"])
            if row is None or kind not in gold_article:
                continue
            predicted_ids = {r[column] for r in db[table].rows_where("article_id = ?", [row["id"]])}
            predicted = {by_id.get(i, f"(not in gold) {i}") for i in predicted_ids}
            expected = set(gold_article[kind])
            if kind == "organisations":
                # Gold lists organisations; recall is what counts. Records gold
                # does not list for this article are not scored as errors.
                predicted = {p for p in predicted if p in expected or not p.startswith("(not in gold)")}
                predicted = {p for p in predicted if p in expected or p in matches}
            result.score(kind, "per article").add_sets(expected, predicted, gold_article["file"])

    # Alias integrity: every gold form of a person lands on one record, and no
    # record holds two gold people.
    integrity = result.score("people", "forms resolve to one record")
    mentions = list(db["mentions"].rows_where("entity_type = 'person'"))
    for entry in gold.get("people", []):
        expected_ids = people.get(entry["name"], set())
        for form in entry.get("forms", []):
            found = {
                m["entity_id"]
                for m in mentions
                if m["text"] == form or (m["title"] and f"{m['title']} {m['text']}" == form)
            }
            if not found:
                continue
            if len(found) == 1 and found <= expected_ids:
                integrity.tp += 1
            else:
                integrity.fn += 1
                integrity.misses.append(f"{entry['name']}: form {form!r} resolves to {sorted(found)}")
    merged = result.score("people", "no record merges two gold people")
    owners: dict[str, list[str]] = {}
    for name, ids in people.items():
        for i in ids:
            owners.setdefault(i, []).append(name)
    for record, names in owners.items():
        if len(names) > 1:
            merged.fp += 1
            merged.misses.append(f"{record} holds {names}")
        else:
            merged.tp += 1
    return {**people, **organisations}


# ---------------------------------------------------------------- meetings


def _score_meetings(result: Evaluation, gold: dict, db, articles: dict, entities: dict[str, set[str]]) -> None:
    """Match each article's predicted meetings to its gold meetings by shared participants.

    Participants are people and organisations (a body counts when the gold lists it);
    groups ("a Peshmerga delegation") are scored on their own against `participant_groups`.
    Calls (mode phone or video) are not in-person meetings: gold lists them under
    `not_meetings`, so they are neither matched nor counted as extra.
    """
    if not db["meetings"].exists():
        return
    found = result.score("meetings", "found (P/R)")
    dates = result.score("meetings", "date exact (matched)")
    places = result.score("meetings", "place (matched, gold has one)")
    exact = result.score("meetings", "participant set exact (matched)")
    place_rows = {r["id"]: r for r in db["places"].rows}
    place_names = {i: r["name"] for i, r in place_rows.items()}
    venues = result.score("meetings", "venue named (matched, gold has one)")
    groups = result.score("meetings", "participant groups (matched)")
    none = result.score("meetings", "none where the page reports none")
    has_group_text = "group_text" in db["meeting_participants"].columns_dict
    for gold_article in gold.get("articles", []):
        row = articles.get(gold_article["file"])
        if row is None:
            continue
        predicted = {}
        for r in db.query(
            "select distinct m.* from meetings m join meeting_sources s on s.meeting_id = m.id where s.article_id = ?",
            [row["id"]],
        ):
            if r.get("mode") in CALL_MODES:
                continue
            rows = list(db["meeting_participants"].rows_where("meeting_id = ?", [r["id"]]))
            named = {p["person_id"] or p["organisation_id"] for p in rows if p["person_id"] or p["organisation_id"]}
            texts = [p["group_text"] for p in rows if has_group_text and p["group_text"]]
            predicted[r["id"]] = (r, named, texts)
        if gold_article.get("no_meeting"):
            none.add(True, None if predicted else True, f"{gold_article['file']} reports no meeting")
        unmatched = dict(predicted)
        for g in gold_article.get("meetings", []):
            wanted = {name: entities.get(name, set()) for name in g["participants"]}

            def shared(named, wanted=wanted):
                return sum(1 for ids in wanted.values() if ids & named)

            best = max(unmatched.items(), key=lambda kv: shared(kv[1][1]), default=None)
            need = min(2, len(wanted))
            label = f"{gold_article['file']} {g.get('date')} {g['participants']}"
            if best is None or shared(best[1][1]) < need:
                found.fn += 1
                found.misses.append(f"{label}: not found")
                continue
            meeting_id, (r, named, texts) = best
            del unmatched[meeting_id]
            found.tp += 1
            gold_date = None if g.get("date") is None else str(g["date"])
            if gold_date is None and (r["date"] is None or r["date_precision"] == "week"):
                dates.tp += 1  # "not dated" is a right answer too; the gold leaves a week undated
            else:
                dates.add(gold_date, r["date"], label)
            if g.get("place"):
                # Right at the city: the gold's city (or its place, when it names no venue)
                # is the meeting's place or the city its venue is in.
                gold_city = g.get("city") or g["place"]
                place = place_rows.get(r["place_id"]) or {}
                city = place_names.get(place.get("parent_id")) or place.get("name")
                places.add(gold_city, gold_city if gold_city in (city, place.get("name")) else city, label)
                if g.get("city") and g["place"] != g["city"]:
                    venue = place.get("name") if place.get("kind") == "venue" else None
                    venues.add(
                        True,
                        (venue is not None and _same_claim(g["place"], venue)) or None,
                        f"{label}: expected {g['place']!r}, got {venue!r}",
                    )
            all_gold = set().union(*wanted.values()) if wanted else set()
            if shared(named) == len(wanted) and named <= all_gold:
                exact.tp += 1
            else:
                exact.fn += 1
                exact.misses.append(f"{label}: got {sorted(named)}")
            _score_groups(groups, g.get("participant_groups") or [], texts, label)
        for r, named, _ in unmatched.values():
            found.fp += 1
            found.misses.append(f"{gold_article['file']}: extra meeting {r['date']} {sorted(named)}")


CALL_MODES = ("phone", "video")
# Words that say what kind of group or unnamed voice a phrase is.
GROUP_HEADS = {
    "delegation",
    "committee",
    "commander",
    "official",
    "officer",
    "member",
    "source",
    "analyst",
    "politician",
    "lawmaker",
    "resident",
    "diplomat",
    "media",
    "agency",
    "spokesperson",
    "spokesman",
    "expert",
    "observer",
    "witness",
    "team",
    "side",
    "leader",
    "council",
    "commission",
}


def _heads(text: str) -> set[str]:
    """The group words of a phrase, singular: "Iraqi officials (unnamed)" -> {"official"}."""
    words = {
        w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and len(w) > 4 else w for w in _words(text)
    }
    return words & GROUP_HEADS


STOP_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "to",
    "and",
    "by",
    "from",
    "with",
    "for",
    "not",
    "named",
    "unnamed",
    "number",
    "its",
    "their",
    "two",
}


# Word overlap that makes two texts the same group or claim: most of gold's words, and
# half the prediction's (a claim cut a little longer or shorter still counts).
GROUP_WORDS_SHARED = 0.6
CLAIM_GOLD_WORDS_SHARED = 0.6
CLAIM_PREDICTED_WORDS_SHARED = 0.5


def _same_group(gold_text: str, predicted: str) -> bool:
    """Same kind of group ("officials"), or most of gold's words ("presenters of … programs")."""
    if _heads(gold_text) & _heads(predicted):
        return True
    g = set(_words(gold_text)) - STOP_WORDS
    return bool(g) and len(g & set(_words(predicted))) / len(g) >= GROUP_WORDS_SHARED


def _score_groups(score: Score, gold_groups: list[str], predicted: list[str], label: str) -> None:
    left = list(predicted)
    for g in gold_groups:
        match = next((p for p in left if _same_group(g, p)), None)
        if match is None:
            score.fn += 1
            score.misses.append(f"{label}: missing group {g!r}")
        else:
            left.remove(match)
            score.tp += 1
    for p in left:
        score.fp += 1
        score.misses.append(f"{label}: extra group {p!r}")


# ---------------------------------------------------------------- claims


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9']+", text)


def _same_claim(gold_text: str, predicted_text: str) -> bool:
    g, p = " ".join(_words(gold_text)), " ".join(_words(predicted_text))
    if g and p and (g in p or p in g):
        return True
    gw, pw = set(g.split()), set(p.split())
    common = len(gw & pw)
    return (
        bool(gw and pw)
        and common / len(gw) >= CLAIM_GOLD_WORDS_SHARED
        and common / len(pw) >= CLAIM_PREDICTED_WORDS_SHARED
    )


def _score_claims(result: Evaluation, gold: dict, db, articles: dict, entities: dict[str, set[str]]) -> None:
    if not db["claims"].exists():
        return
    found = result.score("claims", "found (P/R)")
    speakers = result.score("claims", "speaker right (matched)")
    for gold_article in gold.get("articles", []):
        row = articles.get(gold_article["file"])
        if row is None or "claims" not in gold_article:
            continue
        predicted = list(db["claims"].rows_where("article_id = ?", [row["id"]], order_by="start_char"))
        unmatched = list(predicted)
        for g in gold_article["claims"]:
            label = f"{gold_article['file']} {g['text'][:50]!r}"
            match = next((p for p in unmatched if _same_claim(g["text"], p["text"])), None)
            if match is None:
                found.fn += 1
                found.misses.append(f"{label}: not found")
                continue
            unmatched.remove(match)
            found.tp += 1
            allowed = set()
            for name in [g["speaker"], *g.get("speaker_alt", [])]:
                allowed |= entities.get(name, set())
            said_by = {match["speaker_person_id"], match["speaker_organisation_id"]} - {None}
            if match.get("speaker_kind") == "group" and match.get("meeting_id"):
                # "Both sides stressed …": right when the one gold names took part in the linked meeting.
                said_by = {
                    r["person_id"] or r["organisation_id"]
                    for r in db["meeting_participants"].rows_where("meeting_id = ?", [match["meeting_id"]])
                } - {None}
            if said_by & allowed or same_unnamed_source(g, match):
                speakers.tp += 1
            else:
                speakers.fn += 1
                speakers.misses.append(
                    f"{label}: speaker {sorted(said_by) or match['speaker_text']!r}, expected {g['speaker']}"
                )
        for p in unmatched:
            found.fp += 1
            found.misses.append(f"{gold_article['file']}: extra claim {p['text'][:60]!r} ({p['verb']})")


def same_unnamed_source(gold_claim: dict, predicted: dict) -> bool:
    """An unnamed source ("a security source") is right when gold names an unnamed
    source of the same kind ("security source (unnamed)")."""
    if predicted.get("speaker_kind") != "unnamed" or not predicted.get("speaker_text"):
        return False
    names = [gold_claim["speaker"], *gold_claim.get("speaker_alt", [])]
    said = set(_words(predicted["speaker_text"]))
    return any(
        n.endswith("(unnamed)") and _heads(n) & _heads(predicted["speaker_text"]) or set(_words(n)) <= said
        for n in names
    )  # "Iranian state media", as gold names it


# ---------------------------------------------------------------- report


def format_report(evaluation: Evaluation, show_misses: bool = True) -> str:
    header = f"{'table':<14} {'field':<34} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>5} {'R':>5} {'F1':>5}"
    lines = [header, "-" * len(header)]
    for s in evaluation.scores.values():
        lines.append(
            f"{s.table:<14} {s.field:<34} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{s.precision:>5.2f} {s.recall:>5.2f} {s.f1:>5.2f}"
        )
    if show_misses:
        by_article: dict[str, list[str]] = {}
        for s in evaluation.scores.values():
            for m in s.misses:
                where, _, what = m.partition(" ")
                if not re.fullmatch(r"[\w.-]+\.(txt|html?):?", where):
                    where, what = "(corpus)", m
                by_article.setdefault(where.rstrip(":"), []).append(f"{s.table}.{s.field}: {what}")
        if by_article:
            lines.append("")
            lines.append("Misses, per article (missed and extra):")
            for where in sorted(by_article):
                lines.append(f"  {where}")
                lines += [f"    {m}" for m in by_article[where]]
    lines += [f"note: {n}" for n in evaluation.notes]
    return "\n".join(lines)
