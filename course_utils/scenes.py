"""Drawn image-to-image data whose correct translation is known.

* :func:`draw_facades`: label maps of building fronts (wall, windows, door, cornice, sills,
  balconies as flat colours, like the CMP Facades labels) and photographs rendered from them
  with scikit-image's brick and gravel textures. The texture and the wall colour are random
  given the labels, so a model trained with L1 alone paints their average: a blur.
* :func:`draw_animals`: one animal-like shape on grass under a sky, rendered brown with
  faint markings (domain A, "horses") and with black and white stripes where the markings
  are (domain B, "zebras"). The stripes follow the animal's own frame, so each scene's other
  rendering is the one correct translation of it. A third rendering gives the animal a
  much longer neck: a translation that changes shape.
* :func:`draw_herds`: meadows with one to four such animals, short-necked (domain A) and
  long-necked (domain B), with each animal's outline as an instance mask, for translations
  that change the shape of every instance and nothing else.

Everything is drawn at twice the requested side and shrunk with anti-aliasing.
"""

from __future__ import annotations

import numpy as np

# The label map's colour of each class, in [0, 1]: background, wall, window, door, cornice,
# sill, balcony.
FACADE_COLOURS = np.array([
    (0.05, 0.05, 0.55), (0.0, 0.35, 1.0), (0.0, 0.85, 1.0), (1.0, 0.6, 0.0),
    (0.85, 0.0, 0.0), (1.0, 1.0, 0.0), (0.55, 1.0, 0.45)], np.float32)
WALL_KINDS = ("red brick", "yellow brick", "grey", "white")
WALL_COLOURS = ((0.62, 0.30, 0.22), (0.80, 0.68, 0.45), (0.55, 0.55, 0.55), (0.88, 0.85, 0.78))
SUPERSAMPLING = 2


def _textures() -> dict[str, np.ndarray]:
    from skimage import data

    return {name: getattr(data, name)().astype(np.float32) / 255.0
            for name in ("brick", "gravel", "grass")}


def _patch(rng, texture: np.ndarray, side: int, smallest: int) -> np.ndarray:
    """A random square crop of ``texture`` (at least ``smallest`` pixels) resized to ``side``,
    standardised to mean 0 and standard deviation 1."""
    from skimage.transform import resize

    size = int(rng.integers(smallest, min(2 * smallest, texture.shape[0]) + 1))
    y, x = rng.integers(0, texture.shape[0] - size + 1, size=2)
    patch = resize(texture[y:y + size, x:x + size], (side, side), order=1, anti_aliasing=True)
    return ((patch - patch.mean()) / (patch.std() + 1e-6)).astype(np.float32)


def _shrink(image: np.ndarray, side: int) -> np.ndarray:
    from skimage.transform import resize

    return np.clip(resize(image, (side, side, image.shape[-1]), order=1, anti_aliasing=True),
                   0.0, 1.0).astype(np.float32)


def _facade(rng, textures, side: int) -> tuple[np.ndarray, np.ndarray, int]:
    n, s = side * SUPERSAMPLING, SUPERSAMPLING
    label = np.zeros((n, n), np.int64)
    yy = (np.arange(n, dtype=np.float32) / n)[:, None]
    photo = np.broadcast_to(np.stack([0.55 + 0.35 * yy, 0.70 + 0.25 * yy, 0.95 + 0 * yy], -1)
                            * np.ones((1, n, 1), np.float32), (n, n, 3)).copy()  # sky
    top, bottom = int(rng.uniform(0.06, 0.2) * n), int(rng.uniform(0.93, 1.0) * n)
    left, right = int(rng.uniform(0.0, 0.08) * n), int(rng.uniform(0.92, 1.0) * n)
    ground = _patch(rng, textures["gravel"], n, 128)
    photo[bottom:] = (0.45 + 0.08 * ground[bottom:, :, None]) * np.array([1.0, 0.97, 0.92])
    wall_kind = int(rng.integers(len(WALL_COLOURS)))
    wall = np.array(WALL_COLOURS[wall_kind]) * rng.uniform(0.85, 1.1)
    bricks = _patch(rng, textures["brick"], n, 96)
    label[top:bottom, left:right] = 1
    photo[top:bottom, left:right] = wall * (1 + 0.12 * bricks[top:bottom, left:right, None])
    cornice = max(2, int(rng.uniform(0.03, 0.06) * n))
    stone = _patch(rng, textures["gravel"], n, 64)
    label[top:top + cornice, left:right] = 4
    photo[top:top + cornice, left:right] = 0.85 + 0.05 * stone[top:top + cornice, left:right, None]
    photo[top + cornice:top + cornice + s, left:right] *= 0.6  # its shadow
    floors, columns = int(rng.integers(3, 6)), int(rng.integers(3, 6))
    floor_h, column_w = (bottom - top - cornice) / floors, (right - left) / columns
    door = int(rng.integers(columns))
    balconies = {f for f in range(floors - 1) if rng.random() < 0.3}
    glass = np.array([0.12, 0.16, 0.22]) * rng.uniform(0.8, 1.4)
    wood = np.array([0.35, 0.2, 0.1]) * rng.uniform(0.7, 1.3)
    for floor in range(floors):
        y0 = top + cornice + floor * floor_h
        for column in range(columns):
            x0 = left + column * column_w
            if floor == floors - 1 and column == door:
                ya = int(y0 + 0.25 * floor_h)
                xa, xb = int(x0 + 0.25 * column_w), int(x0 + 0.75 * column_w)
                label[ya:bottom, xa:xb] = 3
                planks = 1 + 0.15 * np.sin(np.arange(xa, xb) / (1.5 * s))
                photo[ya:bottom, xa:xb] = wood * planks[None, :, None]
                continue
            ya, yb = int(y0 + 0.22 * floor_h), int(y0 + 0.75 * floor_h)
            xa, xb = int(x0 + 0.25 * column_w), int(x0 + 0.75 * column_w)
            label[ya:yb, xa:xb] = 2
            gy, gx = np.mgrid[0:yb - ya, 0:xb - xa]
            shine = 0.25 * np.clip(1.5 - gy / (yb - ya) - gx / (xb - xa), 0, 1)
            photo[ya:yb, xa:xb] = glass + shine[..., None]
            middle = (xa + xb) // 2 - s // 2
            for frame in (np.s_[ya:yb, xa:xa + s], np.s_[ya:yb, xb - s:xb], np.s_[ya:ya + s, xa:xb],
                          np.s_[yb - s:yb, xa:xb], np.s_[ya:yb, middle:middle + s]):
                photo[frame] = 0.92  # the window's frame and mullion
            sill = min(bottom, yb + max(1, int(0.06 * floor_h)))
            label[yb:sill, xa - s:xb + s] = 5
            photo[yb:sill, xa - s:xb + s] = 0.9
            if floor in balconies:
                ya, yb = int(y0 + 0.55 * floor_h), int(y0 + 0.8 * floor_h)
                xa, xb = int(x0 + 0.12 * column_w), int(x0 + 0.88 * column_w)
                label[ya:yb, xa:xb] = 6
                region = photo[ya:yb, xa:xb]
                region[:, (np.arange(xa, xb) // s) % 3 == 0] = 0.08
                region[:2 * s] = 0.08
    return _shrink(FACADE_COLOURS[label], side), _shrink(photo, side), wall_kind


def draw_facades(count: int, side: int = 64, seed: int = 0):
    """``count`` facades: label maps and photographs, each ``(count, side, side, 3)`` in
    [0, 1], and the wall's kind (an index into :data:`WALL_KINDS`) of each."""
    rng = np.random.default_rng(seed)
    textures = _textures()
    drawn = [_facade(rng, textures, side) for _ in range(count)]
    return (np.stack([d[0] for d in drawn]), np.stack([d[1] for d in drawn]),
            np.array([d[2] for d in drawn], np.int64))


HORSE_BROWN = np.array([0.45, 0.28, 0.15], np.float32)
# The plain coat carries faint markings where the stripes go (+-20 % brightness), so each
# scene's striped rendering can be told from its plain one: the translation has one answer.
MARKINGS = 0.2
NECK_STRETCH = 2.5  # the long-necked rendering's neck, as a multiple of a horse's


def _meadow(rng, textures, n: int) -> tuple[np.ndarray, float]:
    """A sky over a grass field, ``n`` x ``n`` x 3 in [0, 1], and where the horizon is."""
    yy = ((np.arange(n, dtype=np.float32) + 0.5) / n)[:, None, None]
    horizon = rng.uniform(0.3, 0.45)
    sky = np.concatenate([0.6 + 0.3 * yy, 0.75 + 0.2 * yy, 0.98 + 0 * yy], -1)
    grass = _patch(rng, textures["grass"], n, 96)[..., None]
    field = np.array([0.35, 0.55, 0.2]) * rng.uniform(0.85, 1.15) * (1 + 0.18 * grass)
    return np.where(yy < horizon, sky, field), horizon


def _silhouettes(u, v, length: float, height: float, leg_length: float):
    """An animal's outline in its own frame (u forward, v down, body centre at 0): with a
    horse's neck and with a neck :data:`NECK_STRETCH` times as tall, and its shadow."""
    body = (u / length) ** 2 + (v / height) ** 2 <= 1.0
    legs = np.zeros_like(body)
    for offset in (-0.75, -0.5, 0.5, 0.75):
        legs |= (np.abs(u - offset * length) <= 0.09 * height * 1.6) & (v >= 0) \
            & (v <= height * 0.6 + leg_length)
    tail = (np.abs(u + length * 1.05 + 0.3 * (v + 0.2 * height)) <= 0.05) & (v >= -0.3 * height) \
        & (v <= 0.9 * height) & (u < -0.9 * length)
    animal, long_necked = (body | legs | tail | _head_and_neck(u, v, length, height, stretch)
                           for stretch in (1.0, NECK_STRETCH))
    shadow = ((u / length) ** 2 + ((v - height * 0.6 - leg_length) / (0.15 * height)) ** 2 <= 1)
    return animal, long_necked, shadow


def _coats(u, v, length: float, height: float) -> tuple[np.ndarray, np.ndarray]:
    """The brown coat with faint markings and the striped one, lit from above."""
    light = (1.1 - 0.6 * (v + height) / (3 * height)).clip(0.6, 1.1)[..., None]
    stripes = np.sin(2 * np.pi * (u / (length / 3.5) + 0.8 * v / length)) > 0  # the animal's frame
    plain = HORSE_BROWN * np.where(stripes[..., None], 1.0 + MARKINGS, 1.0 - MARKINGS) * light
    return plain, np.where(stripes[..., None], 0.95, 0.08) * light


def _animal(rng, textures, side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = side * SUPERSAMPLING
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float32) + 0.5) / n
    scene, _ = _meadow(rng, textures, n)
    # the body: an ellipse; head, neck, legs and tail hang off it, facing left or right
    length, height = rng.uniform(0.22, 0.32), rng.uniform(0.10, 0.14)
    cx, cy = rng.uniform(0.3, 0.7), rng.uniform(0.48, 0.6)
    facing = rng.choice((-1.0, 1.0))
    u, v = (xx - cx) * facing, yy - cy  # the animal's frame: u forward, v down
    leg_length = rng.uniform(0.9, 1.3) * height * 1.6
    animal, long_necked, shadow = _silhouettes(u, v, length, height, leg_length)
    plain, striped = _coats(u, v, length, height)
    ground = np.where(shadow[..., None] & ~animal[..., None], scene * 0.7, scene)
    rendered = [np.where(mask[..., None], skin, ground)
                for mask, skin in ((animal, plain), (animal, striped), (long_necked, plain))]
    return tuple(_shrink(image, side) for image in rendered)


def _head_and_neck(u, v, length: float, height: float, stretch: float) -> np.ndarray:
    """The head (an ellipse) and the neck joining it to the body, the neck ``stretch``
    times as tall as a horse's."""
    hu, hv = length * 1.15, -height * 1.6 * stretch  # head centre
    head = ((u - hu) / (0.5 * height)) ** 2 + ((v - hv) / (0.45 * height)) ** 2 <= 1.0
    t = np.clip(((u - 0.6 * length) * (hu - 0.6 * length) + v * hv)
                / ((hu - 0.6 * length) ** 2 + hv ** 2), 0.0, 1.0)  # along the neck
    neck = np.hypot(u - 0.6 * length - t * (hu - 0.6 * length), v - t * hv) <= 0.35 * height
    return head | neck


def draw_animals(count: int, side: int = 64, seed: int = 0):
    """``count`` scenes, each rendered three ways: plain (domain A), striped (domain B) and
    plain with a neck :data:`NECK_STRETCH` times as tall (a change of shape). Three
    ``(count, side, side, 3)`` arrays in [0, 1], the same scene at the same index."""
    rng = np.random.default_rng(seed)
    textures = _textures()
    scenes = [_animal(rng, textures, side) for _ in range(count)]
    return tuple(np.stack([scene[k] for scene in scenes]) for k in range(3))


def animal_masks(images: np.ndarray) -> np.ndarray:
    """Where the plain brown animal is in NHWC images in [0, 1]: red above green and blue,
    which neither the grass, its shadows nor the sky are. (N, H, W) booleans."""
    red, green, blue = images[..., 0], images[..., 1], images[..., 2]
    return (red > green) & (red > blue)


HERD_SLOTS = 4  # instance masks per scene, empty ones included (InstaGAN's ins_max)


def _herd(rng, textures, side: int, most: int):
    """One to ``most`` animals on a meadow, rendered with short necks and with long ones,
    and each animal's visible mask in each rendering (nearer animals hide farther ones)."""
    n = side * SUPERSAMPLING
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float32) + 0.5) / n
    scene, horizon = _meadow(rng, textures, n)
    count = int(rng.integers(1, most + 1))
    animals = []  # (cy, cx, facing, length, height, leg length); in view with the long neck
    for band in rng.permutation(count):  # one band of the width each
        length = rng.uniform(0.5, 0.65) / (count + 1.5)
        height = length * rng.uniform(0.4, 0.5)
        cx, facing = (band + rng.uniform(0.35, 0.65)) / count, rng.choice((-1.0, 1.0))
        leg_length = rng.uniform(0.9, 1.3) * height * 1.6
        top, bottom = max(horizon + 0.15, 4.6 * height), 0.98 - 0.6 * height - leg_length
        animals.append((rng.uniform(top, max(top, bottom)), cx, facing, length, height, leg_length))
    shapes = []  # (short, long, shadow, coat) per animal, from the farthest to the nearest
    for cy, cx, facing, length, height, leg_length in sorted(animals):
        u, v = (xx - cx) * facing, yy - cy
        shapes.append((*_silhouettes(u, v, length, height, leg_length),
                       _coats(u, v, length, height)[0]))
    images, masks = [], []
    for k in (0, 1):  # short necks, long necks
        image, visible = scene.copy(), []
        for shape in shapes:
            silhouette, shadow, coat = shape[k], shape[2], shape[3]
            image = np.where((shadow & ~silhouette)[..., None], image * 0.7, image)
            image = np.where(silhouette[..., None], coat, image)
            visible = [mask & ~silhouette for mask in visible] + [silhouette]
        images.append(_shrink(image, side))
        masks.append(_shrink(np.stack(visible, -1).astype(np.float32), side) >= 0.5)
    return images, masks


def draw_herds(count: int, side: int = 64, seed: int = 0, most: int = HERD_SLOTS):
    """``count`` meadows with one to ``most`` animals each, in the spirit of sheep and
    giraffes: rendered with short necks (domain A) and with necks :data:`NECK_STRETCH` times
    as tall (domain B), the same scene at the same index.

    Returns ``(short, tall, short_masks, tall_masks)``: two ``(count, side, side, 3)`` arrays
    in [0, 1] and two ``(count, HERD_SLOTS, side, side)`` boolean arrays, each animal's
    visible outline in its slot (the same animal in the same slot of both renderings,
    farthest first), the slots after the last animal empty.
    """
    if not 1 <= most <= HERD_SLOTS:
        raise ValueError(f"most must be between 1 and {HERD_SLOTS}, not {most}.")
    rng = np.random.default_rng(seed)
    textures = _textures()
    images = {k: np.empty((count, side, side, 3), np.float32) for k in (0, 1)}
    masks = {k: np.zeros((count, HERD_SLOTS, side, side), bool) for k in (0, 1)}
    for i in range(count):
        drawn, outlines = _herd(rng, textures, side, most)
        for k in (0, 1):
            images[k][i] = drawn[k]
            masks[k][i, :outlines[k].shape[-1]] = np.moveaxis(outlines[k], -1, 0)
    return images[0], images[1], masks[0], masks[1]


PATTERNS = ("plain", "stripes", "dots")
SOLE_GREY = 0.8


def _shoe_masks(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A shoe's upper and sole on an n x n grid: the sole a thin rounded band, the upper
    rising from a low toe cap to a heel between a flat's and a boot's height."""
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float32) + 0.5) / n
    length = rng.uniform(0.7, 0.88)
    x0 = rng.uniform(0.05, 0.95 - length)
    ground, sole_height = rng.uniform(0.7, 0.8), rng.uniform(0.05, 0.08)
    if rng.random() < 0.5:  # facing left or right
        xx = 1.0 - xx
    t = (xx - x0) / length  # 0 at the heel, 1 at the toe
    front, back = rng.uniform(0.12, 0.2), rng.uniform(0.28, 0.55)
    top = ground - (front + (back - front) * (1 - t) ** 2)
    upper = (t >= 0) & (t <= 0.85) & (yy >= top) & (yy < ground)
    toe_radius = 0.15 * length
    upper |= (((xx - (x0 + 0.85 * length)) / toe_radius) ** 2
              + ((yy - ground) / (front + 0.02)) ** 2 <= 1) & (yy < ground)
    sole = (t >= -0.02) & (t <= 1.0) & (yy >= ground) & (yy <= ground + sole_height)
    return upper, sole & ~upper


def _style(rng, n: int, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The upper's colours for a random style: a base colour, a pattern in a darker shade
    of it, and a soft light from above. Returns (n, n, 3) and the style's numbers."""
    from skimage.color import hsv2rgb

    hue, saturation, value = rng.uniform(0, 1), rng.uniform(0.45, 0.9), rng.uniform(0.55, 0.95)
    pattern = int(rng.integers(len(PATTERNS)))
    period, angle = rng.uniform(0.05, 0.1), rng.uniform(0, np.pi)
    base = hsv2rgb(np.array([[[hue, saturation, value]]]))[0, 0].astype(np.float32)
    yy, xx = (np.mgrid[0:n, 0:n].astype(np.float32) + 0.5) / n
    along = (xx * np.cos(angle) + yy * np.sin(angle)) / period
    across = (-xx * np.sin(angle) + yy * np.cos(angle)) / period
    dark = {"plain": np.zeros((n, n), bool),
            "stripes": np.sin(2 * np.pi * along) > 0.3,
            "dots": np.hypot(along - np.round(along), across - np.round(across)) < 0.28}[
        PATTERNS[pattern]]
    ys = yy[upper]
    light = 1.05 - 0.25 * (yy - ys.min()) / max(float(np.ptp(ys)), 1e-3) if upper.any() else yy
    colours = base * np.where(dark, 0.5, 1.0)[..., None] * light[..., None]
    return colours, np.array([hue, saturation, value, pattern, period, angle], np.float32)


def _outline(mask: np.ndarray, width: int) -> np.ndarray:
    """The pixels of ``mask`` within ``width`` pixels of its border."""
    from scipy.ndimage import binary_erosion
    from skimage.morphology import disk

    return mask & ~binary_erosion(mask, disk(width))


def draw_shoes(count: int, side: int = 64, seed: int = 0):
    """``count`` shoes, each drawn as an outline (domain A: black lines on white, the sole
    line included, like edges2shoes' edge maps) and filled with a random style (domain B:
    a base colour, one of :data:`PATTERNS` in a darker shade, a light grey sole). Returns
    the outlines, the filled shoes ((count, side, side, 3) in [0, 1], the same shoe at the
    same index) and each style's (hue, saturation, value, pattern, period, angle)."""
    rng = np.random.default_rng(seed)
    n = side * SUPERSAMPLING
    outlines, shoes, styles = [], [], []
    for _ in range(count):
        upper, sole = _shoe_masks(rng, n)
        lines = _outline(upper | sole, SUPERSAMPLING) | _outline(sole, SUPERSAMPLING)
        outlines.append(_shrink(np.repeat(np.where(lines, 0.0, 1.0)[..., None], 3, -1), side))
        colours, style = _style(rng, n, upper)
        filled = np.where(upper[..., None], colours,
                          np.where(sole[..., None], SOLE_GREY, 1.0))
        shoes.append(_shrink(filled, side))
        styles.append(style)
    return np.stack(outlines), np.stack(shoes), np.stack(styles)


def shoe_masks(images: np.ndarray) -> np.ndarray:
    """Where the shoe is in NHWC images in [0, 1] on white: any channel darker than 0.9.
    Works for outlines' filled shapes only after filling; for drawn or translated shoes.
    (N, H, W) booleans."""
    return images.min(axis=-1) < 0.9
