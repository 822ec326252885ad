"""Progress of long work: stages report each item they finish; the CLI decides how it shows.

A stage takes a `Track`: it hands over its work items and iterates what it gets back, so the
stage stays silent in library use (`quietly`) and shows a bar or lines from the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import click

Item = TypeVar("Item")
Track = Callable[[Sequence[Item], Callable[[Item], str]], Iterator[Item]]


def quietly(items: Sequence[Item], describe: Callable[[Item], str]) -> Iterator[Item]:
    """No progress shown: for library calls and tests."""
    yield from items


def shown(stage: str) -> Track:
    """A progress bar on a terminal; elsewhere (a log, a pipe) one plain line per finished item."""
    if sys.stdout.isatty():
        return _bar(stage)
    return _lines(stage)


def _bar(stage: str) -> Track:
    def track(items: Sequence[Item], describe: Callable[[Item], str]) -> Iterator[Item]:
        with click.progressbar(
            items, label=stage, show_pos=True, item_show_func=lambda item: describe(item) if item is not None else ""
        ) as bar:
            yield from bar

    return track


def _lines(stage: str) -> Track:
    def track(items: Sequence[Item], describe: Callable[[Item], str]) -> Iterator[Item]:
        for done, item in enumerate(items, 1):
            yield item
            click.echo(f"{stage}: [{done}/{len(items)}] {describe(item)}")

    return track
