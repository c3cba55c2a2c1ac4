//! Plane geometry for the layout: points, rotations, segment tests.

use std::ops::{Add, Mul, Sub};

/// A point (or vector) of the plane, in bond-length units; y grows upwards.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Abscissa.
    pub x: f64,
    /// Ordinate.
    pub y: f64,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub(crate) fn from_angle(angle: f64) -> Point {
        Point::new(angle.cos(), angle.sin())
    }

    pub(crate) fn length(self) -> f64 {
        self.x.hypot(self.y)
    }

    pub(crate) fn angle(self) -> f64 {
        self.y.atan2(self.x)
    }

    pub(crate) fn dot(self, other: Point) -> f64 {
        self.x * other.x + self.y * other.y
    }

    pub(crate) fn cross(self, other: Point) -> f64 {
        self.x * other.y - self.y * other.x
    }

    /// The unit vector along `self`, or `(1, 0)` for the zero vector.
    pub(crate) fn unit(self) -> Point {
        let length = self.length();
        if length < 1e-9 {
            Point::new(1.0, 0.0)
        } else {
            self * (1.0 / length)
        }
    }

    pub(crate) fn rotated(self, angle: f64) -> Point {
        let (sin, cos) = angle.sin_cos();
        Point::new(self.x * cos - self.y * sin, self.x * sin + self.y * cos)
    }

    /// Perpendicular, turned anticlockwise.
    pub(crate) fn normal(self) -> Point {
        Point::new(-self.y, self.x)
    }

    pub(crate) fn distance(self, other: Point) -> f64 {
        (self - other).length()
    }
}

impl Add for Point {
    type Output = Point;
    fn add(self, other: Point) -> Point {
        Point::new(self.x + other.x, self.y + other.y)
    }
}

impl Sub for Point {
    type Output = Point;
    fn sub(self, other: Point) -> Point {
        Point::new(self.x - other.x, self.y - other.y)
    }
}

impl Mul<f64> for Point {
    type Output = Point;
    fn mul(self, factor: f64) -> Point {
        Point::new(self.x * factor, self.y * factor)
    }
}

/// A rigid motion of the plane, optionally with a mirror (applied first, across the x axis).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Motion {
    pub(crate) mirror: bool,
    pub(crate) rotation: f64,
    pub(crate) translation: Point,
}

impl Motion {
    /// The motion taking `from` to `to` and direction `from_direction` to `to_direction`.
    pub(crate) fn aligning(
        from: Point,
        from_direction: Point,
        to: Point,
        to_direction: Point,
        mirror: bool,
    ) -> Motion {
        let mirrored = |p: Point| if mirror { Point::new(p.x, -p.y) } else { p };
        let rotation = to_direction.angle() - mirrored(from_direction).angle();
        let moved = mirrored(from).rotated(rotation);
        Motion {
            mirror,
            rotation,
            translation: to - moved,
        }
    }

    pub(crate) fn apply(&self, p: Point) -> Point {
        let p = if self.mirror {
            Point::new(p.x, -p.y)
        } else {
            p
        };
        p.rotated(self.rotation) + self.translation
    }
}

/// Reflection of `p` across the line through `a` and `b`.
pub(crate) fn reflect(p: Point, a: Point, b: Point) -> Point {
    let direction = (b - a).unit();
    let relative = p - a;
    let along = direction * relative.dot(direction);
    a + along * 2.0 - relative
}

/// Whether segments `ab` and `cd` cross at a point inside both (touching ends do not count).
pub(crate) fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    const EPSILON: f64 = 1e-6;
    let d1 = (b - a).cross(c - a);
    let d2 = (b - a).cross(d - a);
    let d3 = (d - c).cross(a - c);
    let d4 = (d - c).cross(b - c);
    if ((d1 > EPSILON && d2 < -EPSILON) || (d1 < -EPSILON && d2 > EPSILON))
        && ((d3 > EPSILON && d4 < -EPSILON) || (d3 < -EPSILON && d4 > EPSILON))
    {
        return true;
    }
    // Collinear overlap of two segments lying on one line.
    if d1.abs() <= EPSILON && d2.abs() <= EPSILON {
        let direction = (b - a).unit();
        let (s0, s1) = (0.0, (b - a).dot(direction));
        let (t0, t1) = ((c - a).dot(direction), (d - a).dot(direction));
        let (t0, t1) = if t0 < t1 { (t0, t1) } else { (t1, t0) };
        return t0.max(s0) < t1.min(s1) - EPSILON;
    }
    false
}

/// Vertices of a regular polygon with unit sides, centred on the origin, the first at angle
/// `start`, running anticlockwise.
pub(crate) fn regular_polygon(size: usize, start: f64) -> Vec<Point> {
    let radius = polygon_radius(size);
    let step = std::f64::consts::TAU / size as f64;
    (0..size)
        .map(|i| Point::from_angle(start + step * i as f64) * radius)
        .collect()
}

/// Circumradius of a regular polygon with unit sides.
pub(crate) fn polygon_radius(size: usize) -> f64 {
    0.5 / (std::f64::consts::PI / size as f64).sin()
}

/// Points `1..segments` of an arc from `a` to `b` made of `segments` chords of unit length,
/// bulging to the left of `a -> b` (to the right when `left` is false). When the chord is too
/// long for the segments, the points lie on the straight line, evenly spaced.
pub(crate) fn arc(a: Point, b: Point, segments: usize, left: bool) -> Vec<Point> {
    let chord = a.distance(b);
    let m = segments as f64;
    if segments < 2 {
        return Vec::new();
    }
    if chord >= m - 1e-9 {
        return (1..segments)
            .map(|i| a + (b - a) * (i as f64 / m))
            .collect();
    }
    // Each unit chord subtends theta; the whole arc m * theta; chord = 2R sin(m theta / 2)
    // with R = 1 / (2 sin(theta / 2)). Solve f(theta) = sin(m theta/2) / sin(theta/2) - chord
    // by bisection on (0, 2 pi / m]; f decreases from m to ... over that range.
    let f = |theta: f64| (m * theta / 2.0).sin() / (theta / 2.0).sin() - chord;
    let (mut low, mut high) = (1e-9, std::f64::consts::TAU / m);
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if f(mid) > 0.0 {
            low = mid;
        } else {
            high = mid;
        }
    }
    let theta = 0.5 * (low + high);
    let radius = 0.5 / (theta / 2.0).sin();
    let half = m * theta / 2.0;
    // Centre at distance radius cos(half) from the chord midpoint, on the side opposite the
    // bulge (or on the bulge side when the arc is more than a half circle: cos < 0).
    let direction = (b - a).unit();
    let side = if left {
        direction.normal()
    } else {
        direction.normal() * -1.0
    };
    let centre = (a + b) * 0.5 - side * (radius * half.cos());
    let start = (a - centre).angle();
    let turn = if left { -theta } else { theta };
    // With the bulge on the left the walk from a to b turns clockwise around the centre.
    (1..segments)
        .map(|i| centre + Point::from_angle(start + turn * i as f64) * radius)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arc_has_unit_chords_and_bulges_left() {
        let a = Point::new(0.0, 0.0);
        let b = Point::new(1.5, 0.0);
        for left in [true, false] {
            let points = arc(a, b, 3, left);
            let mut all = vec![a];
            all.extend(points.iter().copied());
            all.push(b);
            for pair in all.windows(2) {
                assert!((pair[0].distance(pair[1]) - 1.0).abs() < 1e-6);
            }
            assert_eq!(points[0].y > 0.0, left);
        }
    }

    #[test]
    fn crossing_segments() {
        let p = Point::new;
        assert!(segments_cross(
            p(0.0, 0.0),
            p(1.0, 1.0),
            p(0.0, 1.0),
            p(1.0, 0.0)
        ));
        assert!(!segments_cross(
            p(0.0, 0.0),
            p(1.0, 0.0),
            p(1.0, 0.0),
            p(2.0, 1.0)
        ));
        assert!(segments_cross(
            p(0.0, 0.0),
            p(2.0, 0.0),
            p(1.0, 0.0),
            p(3.0, 0.0)
        ));
    }
}
