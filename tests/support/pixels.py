"""Checks on rendered pixels (grabs and PNGs of the wall): what a person would see, as numbers."""

from __future__ import annotations

from statistics import pstdev

from PySide6.QtGui import QColor, QImage


def colour_share(image: QImage, colour: QColor, tolerance: int = 40) -> float:
    """Fraction of sampled pixels close to `colour`."""
    hits = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            total += 1
            if abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue()) < tolerance:
                hits += 1
    return hits / total


def bright_share(image: QImage) -> float:
    """Fraction of sampled pixels lighter than the wall's dark theme: a camera's scene rather than black."""
    lit = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            lit += image.pixelColor(x, y).lightness() > 60
    return lit / total


def lightness_spread(image: QImage) -> float:
    """Standard deviation of the sampled pixels' lightness (0-255): near 0 for a blank, one-colour area."""
    return pstdev(image.pixelColor(x, y).lightness()
                  for y in range(0, image.height(), 4) for x in range(0, image.width(), 4))


def changed_share(a: QImage, b: QImage) -> float:
    """Fraction of sampled pixels that differ clearly between two images of the same size (moving video)."""
    changed = total = 0
    for y in range(0, min(a.height(), b.height()), 3):
        for x in range(0, min(a.width(), b.width()), 3):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            changed += abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue()) > 60
    return changed / total
