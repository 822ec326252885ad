"""How counts are written in every message: "1 file", "1,793,012 mentions"."""


def counted(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
