"""Write N distinct, realistic saved pages for scale tests.

    python scripts/make_corpus.py N OUT_DIR [--seed 1] [--corpus seeds]

Each page recombines paragraphs of the seed pages, swaps their people and
places for others from the gazetteer, shifts the dates, and wraps the result
in one of the outlets' page shapes (publication line and dateline, tag line
and credit, caption and comment policy). Output is deterministic for a given
--seed, and every file differs, so content dedup hides no work.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from iraq_security.gazetteer import load_gazetteer  # noqa: E402
from iraq_security.pages import read_corpus  # noqa: E402

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def paragraph_pool(corpus: Path) -> list[str]:
    articles, _ = read_corpus(corpus)
    return [p for a in articles for p in a.body.split("\n\n") if len(p.split()) >= 12]


def swap_names(text: str, rng: random.Random, people: list, places: list) -> str:
    """Replace each known full name (and its bare surname) with another person's; same for places."""
    gazetteer = load_gazetteer()
    for person in gazetteer.people.values():
        for form in sorted((person.name, *person.aliases), key=len, reverse=True):
            if form in text:
                other = rng.choice(people)
                text = text.replace(form, other.name)
                surname, new_surname = form.split()[-1], other.name.split()[-1]
                text = re.sub(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", new_surname, text)
                break
    for place in ("Erbil", "Tehran", "Baghdad", "Kirkuk", "Diyala", "Mosul", "Sulaymaniyah"):
        if place in text:
            text = re.sub(rf"\b{place}\b", rng.choice(places).name, text)
    return text


def page(index: int, rng: random.Random, pool: list[str], people: list, places: list) -> str:
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 11 * 365))
    weekday = WEEKDAYS[published.weekday()]
    paragraphs = [swap_names(p, rng, people, places) for p in rng.sample(pool, k=rng.randint(6, 10))]
    paragraphs = [
        re.sub(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", f"on {rng.choice(WEEKDAYS)}", p)
        for p in paragraphs
    ]
    # One sentence of its own, so no two pages are the same text.
    host, guest = rng.sample(people, 2)
    paragraphs.insert(
        1,
        f"{host.name} met {guest.name} on {weekday} to discuss border security "
        f"and the budget, report number {index} said.",
    )
    title = f"{host.name} and {guest.name} discuss security coordination"
    body = "\n\n".join(paragraphs)
    place = rng.choice(places).name.upper()
    long_date = f"{MONTHS[published.month - 1]} {published.day}, {published.year}"
    shape = index % 4
    if shape == 0:  # publication line, repeated headline, dateline with credited outlet, editor
        return (
            f"• {weekday}, {published.day:02d} {MONTHS[published.month - 1]} {published.year + 1}\nlogo\n\n"
            f"{title}\n\nGulan Media {long_date} News\n{title}\n{place} (Kurdistan 24) – {body}\n\n"
            f"Editing by {rng.choice(people).name}\nTop\n"
        )
    if shape == 1:  # tag line, outlet credit, comment form
        tags = "PoliticsSecurityKurdistan Region"
        return (
            f"{title}\n\n{tags} {published.isoformat()} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}A-AA +\n\n"
            f"Shafaq News / {body}\n\n\nLeave a Reply\n\nConnecting to %s\n"
        )
    if shape == 2:  # caption instead of a headline, dateline with region, comment policy
        return (
            f"{host.name} meeting {guest.name} on {long_date}. Photo: the ministry’s office\n"
            f"{place}, Kurdistan Region - {body}\nComments\nRudaw moderates all comments submitted on our website.\n"
            f"Post a comment\n"
        )
    return f"{title}\n\nRudaw {long_date} Politics\n{body}\n\nRudaw\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "seeds")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    gazetteer = load_gazetteer()
    people = sorted(gazetteer.people.values(), key=lambda p: p.id)
    places = sorted((p for p in gazetteer.places.values() if p.kind == "city"), key=lambda p: p.id)
    pool = paragraph_pool(args.corpus)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for index in range(args.n):
        text = page(index, rng, pool, people, places)
        (args.out_dir / f"{index:06d}_synthetic.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.n} pages to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
