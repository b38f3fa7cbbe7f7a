#!/usr/bin/env python3
"""Draws the home-screen icons in public/icons from the brand mark of public/favicon.svg (the same K on the same
square), so the PNGs a phone needs follow the SVG without an image library: python3 scripts/icons.py"""

import struct
import zlib
from pathlib import Path

BRAND = (0x1D, 0x35, 0x57)
MARK = (0xF1, 0xFA, 0xEE)
# The K of favicon.svg, in its 32-unit box.
K = [(10, 7), (14, 7), (14, 14.5), (20.5, 7), (25.5, 7), (18.2, 15.2), (26, 25), (20.9, 25), (15.3, 17.9),
     (14, 19.3), (14, 25), (10, 25)]
SAMPLES = 4  # per axis, for smooth edges


def inside(poly, x, y):
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def in_rounded_square(x, y, radius):
    cx = min(max(x, radius), 32 - radius)
    cy = min(max(y, radius), 32 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def draw(size, radius, scale):
    """An RGBA image: the square (corners of `radius` units, 0 for full bleed) and the K at `scale` of its size."""
    rows = []
    unit = 32 / size
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            square = mark = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * unit
                    y = (py + (sy + 0.5) / SAMPLES) * unit
                    if radius == 0 or in_rounded_square(x, y, radius):
                        square += 1
                        kx = 16 + (x - 16) / scale
                        ky = 16 + (y - 16) / scale
                        if inside(K, kx, ky):
                            mark += 1
            n = SAMPLES * SAMPLES
            a = mark / square if square else 0
            colour = [round(b * (1 - a) + m * a) for b, m in zip(BRAND, MARK)]
            row += bytes(colour + [round(255 * square / n)])
        rows.append(bytes(row))
    return rows


def png(path, size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    data = zlib.compress(b"".join(rows), 9)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def main():
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(exist_ok=True)
    # Rounded like the favicon where the platform shows the image as it is; full bleed with the K inside the safe
    # zone where it masks the icon itself (Android's "maskable", iOS's home screen).
    for name, size, radius, scale in [
        ("icon-192.png", 192, 7, 1.0),
        ("icon-512.png", 512, 7, 1.0),
        ("icon-maskable-512.png", 512, 0, 0.7),
        ("apple-touch-icon.png", 180, 0, 0.85),
    ]:
        png(out / name, size, draw(size, radius, scale))
        print(out / name)


if __name__ == "__main__":
    main()
