"""The cross-article merge: one meeting however many articles report it.

`merge_meetings` joins the meetings each article reports (meetings.py) into
clusters: two reports are one meeting when they come from different articles,
share the people taking part and fall on the same date (a day apart at most).
Dates are read from the meeting's structured fields (its day, month and
precision), never from the text of a date rule. Each cluster gets its final
id in the collection step (collect.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import timedelta

from .records import Article, Meeting, unique_participants, with_final_ids

# Two reports a day apart may tell one meeting: a late meeting told the next day, time zones.
MATCH_WINDOW = timedelta(days=1)
# Two reports share at least this many people (or all of the smaller report's) to be one meeting.
SHARED_PEOPLE_NEEDED = 2
# The most precise date wins when reports of one meeting disagree.
PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


@dataclass
class MergedMeeting:
    meeting: Meeting  # the reports combined: the most precise date, every participant and topic
    reports: list[tuple[Article, Meeting]] = field(default_factory=list)  # in reading order

    @property
    def article_count(self) -> int:
        return len({a.id for a, _ in self.reports})

    @property
    def outlet_count(self) -> int:
        """Independent outlets: a republication counts for the outlet it credits."""
        return len({a.credited_source or a.publisher or a.id for a, _ in self.reports})


def merge_meetings(reports: list[tuple[Article, Meeting]], id_map: dict[str, str]) -> list[MergedMeeting]:
    """One row per meeting however many articles report it.

    Only clusters that share a participant are compared, so the cost grows
    with the reports of each person, not with the square of all meetings.
    """
    clusters: list[MergedMeeting] = []
    by_person: dict[tuple[str, str], list[int]] = {}  # (person, month) -> clusters
    for article, meeting in reports:
        meeting = _final_ids(meeting, id_map)
        months = _months_to_search(meeting)
        candidates = sorted({i for p in people(meeting) for m in months for i in by_person.get((p, m), ())})
        match = next((i for i in candidates if _same_meeting(clusters[i], article, meeting)), None)
        if match is None:
            match = len(clusters)
            clusters.append(MergedMeeting(meeting, [(article, meeting)]))
        else:
            clusters[match].reports.append((article, meeting))
            clusters[match].meeting = _combine(clusters[match].meeting, meeting)
        # A cluster is indexed under its own month; a report searches its neighbours too.
        own_month = _months_to_search(clusters[match].meeting)[:1]
        for person in people(clusters[match].meeting):
            for month in own_month:
                if match not in by_person.setdefault((person, month), []):
                    by_person[(person, month)].append(match)
    return clusters


def _months_to_search(meeting: Meeting) -> list[str]:
    """The meeting's month (its year when only the year is known), then the months
    a match within MATCH_WINDOW of its day could fall in."""
    own = meeting.month or meeting.date
    if not own:
        return []
    day = meeting.day
    if day is None:
        return [own]
    return list(dict.fromkeys([own, _month_of(day - MATCH_WINDOW), _month_of(day + MATCH_WINDOW)]))


def _month_of(day: Date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _final_ids(meeting: Meeting, id_map: dict[str, str]) -> Meeting:
    """The participants under their final entity ids: two spellings of one person must match."""
    return replace(meeting, participants=[with_final_ids(p, id_map) for p in meeting.participants])


def people(meeting: Meeting) -> set[str]:
    """The people taking part, by id."""
    return {p.person_id for p in meeting.participants if p.person_id}


def _same_meeting(cluster: MergedMeeting, article: Article, meeting: Meeting) -> bool:
    if any(a.id == article.id for a, _ in cluster.reports):
        return False  # the article already told these apart
    a, b = cluster.meeting, meeting
    if not a.date or not b.date:
        return False
    shared = people(a) & people(b)
    if len(shared) < min(SHARED_PEOPLE_NEEDED, len(people(a)), len(people(b))) or not shared:
        return False
    if a.day is not None and b.day is not None:
        return abs(a.day - b.day) <= MATCH_WINDOW
    if a.day is not None or b.day is not None:
        day, other = (a, b) if a.day is not None else (b, a)
        return other.date_precision == "month" and day.month == other.month
    return a.date == b.date


def _combine(a: Meeting, b: Meeting) -> Meeting:
    best = a if PRECISION_ORDER[a.date_precision] <= PRECISION_ORDER[b.date_precision] else b
    return replace(
        a,
        date=best.date,
        date_end=best.date_end,
        date_precision=best.date_precision,
        date_text=best.date_text,
        date_rule=best.date_rule,
        place_id=a.place_id or b.place_id,
        place_rule=a.place_rule if a.place_id else b.place_rule,
        mode=a.mode or b.mode,
        venue=(a.venue if a.place_id or not b.place_id else b.venue) or (b.venue if a.place_id == b.place_id else None),
        status="held" if "held" in (a.status, b.status) else a.status,
        summary=a.summary or b.summary,
        participants=unique_participants(a.participants + b.participants),
        topics=list(dict.fromkeys(a.topics + b.topics)),
        evidence=a.evidence + b.evidence,
    )
