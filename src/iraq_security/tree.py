"""Walk the dependency parse kept as plain `Token` records."""

from __future__ import annotations

from .records import Mention, ParsedArticle, Token

# Clause-level children that start another event: a participant phrase stops there.
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "punct", "cc", "mark"}


class Tree:
    def __init__(self, parsed: ParsedArticle, mentions: list[Mention] | None = None):
        self.parsed = parsed
        self.tokens: list[Token] = parsed.tokens
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                self.children[t.head].append(t.i)
        self.sentences: dict[int, list[Token]] = {}
        for t in self.tokens:
            self.sentences.setdefault(t.sent, []).append(t)
        self.mention_at: dict[int, int] = {}
        for index, m in enumerate(mentions or []):
            for i in range(m.start, m.end):
                self.mention_at[i] = index

    def token(self, i: int) -> Token:
        return self.tokens[i]

    def sentence_tokens(self, sentence: int) -> list[Token]:
        return self.sentences.get(sentence, [])

    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def subtree(self, i: int, stop_deps: set[str] | frozenset = frozenset()) -> list[int]:
        """Token indices under `i` (inclusive), not descending into `stop_deps` children."""
        found, stack = [], [i]
        while stack:
            j = stack.pop()
            found.append(j)
            stack.extend(c for c in self.children[j] if self.tokens[c].dep not in stop_deps)
        return sorted(found)

    def ancestors(self, i: int):
        seen = set()
        while self.tokens[i].head != i and i not in seen:
            seen.add(i)
            i = self.tokens[i].head
            yield i

    def span_text(self, body: str, indices: list[int]) -> str:
        if not indices:
            return ""
        return body[self.tokens[min(indices)].idx : self.tokens[max(indices)].end]

    def mentions_in(self, indices) -> list[int]:
        """Mention indices whose first token lies in `indices`, in order."""
        found = []
        for i in sorted(indices):
            index = self.mention_at.get(i)
            if index is not None and index not in found:
                found.append(index)
        return found

    def prep_objects(self, i: int, *preps: str) -> list[int]:
        """Objects of a preposition child: prep_objects(met, 'with') -> [officials]."""
        found = []
        for p in self.kids(i, "prep", "agent"):
            if self.tokens[p].lemma.lower() in preps or self.tokens[p].text.lower() in preps:
                found += self.kids(p, "pobj", "pcomp")
        return found

    def conjuncts(self, i: int) -> list[int]:
        """The token and every token coordinated with it ("X and Y")."""
        found, stack = [], [i]
        while stack:
            j = stack.pop()
            found.append(j)
            stack.extend(self.kids(j, "conj"))
        return sorted(found)


def subject_antecedent(tree: Tree, mentions: list[Mention], i: int) -> Mention | None:
    """He/she at token i: the most recent person who was the subject of a verb before it."""
    best = None
    for m in mentions:
        if m.entity_type != "person" or not m.entity_id or m.start >= i:
            continue
        root = m.end - 1
        chain = [root, *list(tree.ancestors(root))[:2]]
        if any(tree.token(j).dep in ("nsubj", "nsubjpass") for j in chain):
            best = m
    return best
