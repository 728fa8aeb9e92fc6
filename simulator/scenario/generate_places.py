"""Where generated people live: real metropolitan areas, each town with postal codes that belong to it.

A generated address must survive an instructor's glance: a Scarborough address starts with ``M1``, an Ottawa one
with ``K1`` or ``K2``, a Cambridge, Massachusetts ZIP is ``0213x``. So each town carries the forward sortation areas
(Ontario: the first three characters of a postal code) or the ZIP codes (US) that really serve it; the rest of a
Canadian code (the local delivery unit) is drawn, since any digit-letter-digit is plausible there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["Metro", "Town", "METROS", "POSTAL_LETTERS", "postal_code"]

#: Canada Post never uses D, F, I, O, Q or U in a postal code.
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


@dataclass(frozen=True)
class Town:
    """A town and the postal codes that serve it: forward sortation areas in Ontario, whole ZIP codes in the US."""

    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Metro:
    """A real metropolitan area, so a generated clinic's phones, towns and postal codes belong together."""

    area_codes: tuple[str, ...]
    region: str
    towns: tuple[Town, ...]


def _towns(**codes: str) -> tuple[Town, ...]:
    """Towns from keyword arguments: a name (underscores for spaces, ``St_`` for ``St.``) and its codes, spaced."""
    return tuple(Town(name.replace("St_", "St. ").replace("_", " ").replace("Orleans", "Orléans"), tuple(c.split()))
                 for name, c in codes.items())


METROS: dict[str, tuple[Metro, ...]] = {
    "ON": (
        Metro(("416", "647"), "ON", _towns(
            Toronto="M4C M4E M4J M4K M4L M4M M4W M4X M4Y M5A M5B M5R M5S M5T M5V M6G M6H M6J M6K M6P M6R",
            North_York="M2J M2K M2L M2M M2N M2R M3A M3B M3C M3H M3J M3M",
            Scarborough="M1B M1C M1E M1G M1H M1J M1K M1L M1M M1N M1P M1R M1S M1T M1V M1W",
            Etobicoke="M8V M8W M8X M8Y M8Z M9A M9B M9C M9P M9R M9V M9W")),
        Metro(("613", "343"), "ON", _towns(
            Ottawa="K1G K1H K1J K1K K1L K1M K1N K1P K1R K1S K1V K1Y K1Z K2A K2B K2C",
            Kanata="K2K K2L K2M K2T K2V K2W",
            Nepean="K2E K2G K2H K2J K2R",
            Orleans="K1C K1E K1W K4A")),
        Metro(("905", "289"), "ON", _towns(
            Mississauga="L4T L4W L4X L4Y L4Z L5A L5B L5C L5E L5G L5H L5J L5K L5L L5M L5N L5R L5V L5W",
            Brampton="L6P L6R L6S L6T L6V L6W L6X L6Y L6Z L7A")),
        Metro(("905", "289"), "ON", _towns(
            Hamilton="L8H L8K L8L L8M L8N L8P L8R L8S L8T L8V L8W L9A L9B L9C L9K",
            Burlington="L7L L7M L7N L7P L7R L7S L7T",
            Stoney_Creek="L8E L8G L8J",
            Dundas="L9H")),
        Metro(("519", "226"), "ON", _towns(
            London="N5V N5W N5X N5Y N5Z N6A N6B N6C N6E N6G N6H N6J N6K N6M N6P",
            St_Thomas="N5P N5R",
            Strathroy="N7G")),
    ),
    "US": (
        Metro(("617", "857"), "MA", _towns(
            Boston="02108 02109 02110 02111 02113 02114 02115 02116 02118 02119 02120 02121 02122 02124 02125 "
                   "02126 02127 02128 02129 02130 02131 02132 02134 02135 02136",
            Cambridge="02138 02139 02140 02141 02142",
            Brookline="02445 02446",
            Somerville="02143 02144 02145")),
        Metro(("312", "773"), "IL", _towns(
            Chicago="60601 60605 60607 60608 60609 60610 60611 60612 60613 60614 60615 60616 60617 60618 60619 "
                    "60620 60622 60625 60626 60629 60630 60640 60647 60657",
            Evanston="60201 60202 60203",
            Oak_Park="60301 60302 60304")),
        Metro(("503", "971"), "OR", _towns(
            Portland="97201 97202 97203 97205 97206 97209 97210 97211 97212 97213 97214 97215 97217 97219 97220 "
                     "97221 97227 97232",
            Beaverton="97005 97006 97007 97008",
            Gresham="97030 97080")),
        Metro(("919", "984"), "NC", _towns(
            Raleigh="27601 27603 27604 27605 27606 27607 27608 27609 27610 27612 27613 27614 27615 27616 27617",
            Durham="27701 27703 27704 27705 27707 27712 27713",
            Cary="27511 27513 27518 27519")),
    ),
}


def postal_code(rng: random.Random, town: Town, canadian: bool) -> str:
    """A postal code of ``town``: one of its forward sortation areas and a drawn local delivery unit in Ontario,
    one of its ZIP codes in the US."""
    code = rng.choice(town.codes)
    if not canadian:
        return code
    return f"{code} {rng.randint(0, 9)}{rng.choice(POSTAL_LETTERS)}{rng.randint(0, 9)}"
