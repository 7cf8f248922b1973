"""What a URL parameter is: its kind, default and where its allowed values come from.

Kept apart from `foi.state` (which parses whole links) so the filter registry in
`foi.filters` can declare its parameters without importing the parser that reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["choice", "multi", "text", "amount", "int", "flag", "sql"]


@dataclass(frozen=True)
class Param:
    """One URL parameter: its kind, default and where its allowed values come from.

    `vocab` names a list supplied at parse time from the dataset (statuses,
    organisations, ...); `choices` is a fixed list. `carry` parameters follow
    the reader from page to page.
    """

    name: str
    kind: Kind
    default: Any = None
    choices: tuple[str, ...] = ()
    vocab: str | None = None
    carry: bool = False
    #: Written in the link even at its default, so the link names what it shows when the
    #: default can change (What changed's pair defaults to the newest two releases).
    keep: bool = False
    low: int = 1
    high: int = 10_000
    #: What a person calls it, for notices: "The link asked for a status ..." (default: name).
    noun: str = ""
    #: How to say several of them ("statuses"); default: noun + "s".
    nouns: str = ""

    @property
    def called(self) -> str:
        return self.noun or self.name

    @property
    def called_many(self) -> str:
        return self.nouns or self.called + "s"
