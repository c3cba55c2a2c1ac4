#!/usr/bin/env python3
"""Checks one rendered report page: check_page.py PAGE.html DOM.html SCREENSHOT.png

The page must hold inline SVG pictures (at least two, each with drawing elements), no script
and no external resource (src= or href= to anything but a #fragment); the DOM Chromium built
must hold as many <svg> as the source; the screenshot must have a non-trivial number of
non-white pixels. The PNG is decoded with zlib only, so no Python package is needed.
"""
import re
import struct
import sys
import zlib

page, dom, png = sys.argv[1:4]
html = open(page, encoding="utf-8").read()
built = open(dom, encoding="utf-8").read()
svgs = html.count("<svg")
assert svgs >= 2, f"{page}: {svgs} inline SVG"
assert "<script" not in html.lower(), f"{page}: has a script"
external = [m for m in re.findall(r'(?:src|href)="([^"]*)"', html) if not m.startswith("#")]
assert not external, f"{page}: external resources {external[:3]}"
assert built.count("<svg") >= svgs, f"{page}: the browser built {built.count('<svg')} of {svgs} SVG"
for piece in html.split("<svg")[1:]:
    body = piece.split("</svg>")[0]
    assert re.search(r"<(line|polygon|rect|text)", body), f"{page}: an empty picture"


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth} {colour}"
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    previous = bytearray(stride)
    dark = 0
    for row in range(height):
        kind = raw[row * (stride + 1)]
        line = bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 255
        for i in range(0, stride, step):
            if min(line[i], line[i + 1], line[i + 2]) < 200:
                dark += 1
        previous = line
    return width * height, dark


total, dark = pixels(png)
assert dark > total // 200, f"{png}: only {dark} of {total} pixels are not white"
print(f"{page}: {svgs} inline SVG, {dark} of {total} pixels drawn")
