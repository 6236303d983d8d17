//! The dynamic programme over the lattice of beads.
//!
//! A point `(i, j)` means "the first `i` source and `j` target sentences are
//! aligned"; a bead of shape `(a, b)` moves from `(i - a, j - b)` to `(i, j)`.
//! One forward pass computes both the best path (Viterbi) and the total
//! weight of all paths into each point; one backward pass the total weight of
//! all paths out of it. From the two, the posterior probability of every
//! bead on the best path: its confidence. Only the bead scores and back
//! pointers are kept for every point; the forward sums the posteriors need
//! are recomputed along the path by a second sweep over the kept scores
//! (see [`decode`]), so that a pair of a million sentences a side fits in
//! 2 GB.
//!
//! Only points inside a [`Band`] are visited. Small documents get the whole
//! lattice; long ones a band around the diagonal that is widened and
//! re-centred on the best path until the path no longer touches its edges,
//! so time and memory grow linearly with the length of the documents.

use super::signal::Scratch;

/// Documents up to this many lattice points are aligned exhaustively.
pub const FULL_LATTICE: usize = 40_000;

/// Points whose best path scores far below the best point of their row are
/// not extended (a beam). "Far" is this many nats (a share of the
/// probability below e^-30) plus the cost of the longest gap that fits in
/// the band: a path that has just paid for skipping a passage is behind a
/// path that has not paid yet, but may well be the right one.
const PRUNE: f64 = 30.0;

/// A path whose weight is this many nats below another's into the same point
/// changes no sum that matters (e^-30).
const NEGLIGIBLE: f64 = 30.0;

/// The bead shapes allowed: 1-0 and 0-1, and every `a`-`b` with `a, b ≥ 1`,
/// `a + b ≤ max + 1` and neither side longer than `max` (for the default
/// `max = 3`: 1-1, 1-2, 2-1, 2-2, 1-3, 3-1).
pub fn shapes(max: usize) -> Vec<(usize, usize)> {
    let mut shapes = vec![(1, 1), (1, 0), (0, 1)];
    for total in 3..=max + 1 {
        for a in 1..total {
            let b = total - a;
            if a <= max && b <= max {
                shapes.push((a, b));
            }
        }
    }
    shapes
}

/// The target position whose length prefix best matches each source
/// position's length prefix (scaled by the overall ratio): the path a
/// translation of even density would take.
pub fn length_guide(source_prefix: &[f64], target_prefix: &[f64]) -> Vec<usize> {
    let (n, m) = (source_prefix.len() - 1, target_prefix.len() - 1);
    let ratio = target_prefix[m] / source_prefix[n].max(1.0);
    let mut j = 0;
    source_prefix
        .iter()
        .map(|&ls| {
            while j < m && target_prefix[j + 1] <= ls * ratio {
                j += 1;
            }
            j
        })
        .collect()
}

/// The points of the lattice that are visited: for every source position
/// `i`, the target positions `lo[i]..=hi[i]`.
#[derive(Debug, Clone)]
pub struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// The whole lattice.
    pub fn full(n: usize, m: usize) -> Band {
        Band::from_bounds(vec![0; n + 1], vec![m; n + 1])
    }

    /// Points within `width[i]` of `center[i]` in every row `i`, widened
    /// where needed so that neighbouring rows overlap (a path can always
    /// pass).
    pub fn around(center: &[usize], width: &[usize], m: usize) -> Band {
        let n = center.len() - 1;
        let mut lo: Vec<usize> = center
            .iter()
            .zip(width)
            .map(|(&c, &w)| c.saturating_sub(w))
            .collect();
        let mut hi: Vec<usize> = center
            .iter()
            .zip(width)
            .map(|(&c, &w)| (c + w).min(m))
            .collect();
        lo[0] = 0;
        hi[n] = m;
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        for i in 0..n {
            // Rows must overlap: row i reaches at least where row i+1 starts.
            hi[i] = hi[i].max(lo[i + 1]);
        }
        Band::from_bounds(lo, hi)
    }

    fn from_bounds(lo: Vec<usize>, hi: Vec<usize>) -> Band {
        let mut offset = Vec::with_capacity(lo.len() + 1);
        let mut total = 0;
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(total);
            total += h - l + 1;
        }
        offset.push(total);
        Band { lo, hi, offset }
    }

    /// The most points in one row.
    fn widest(&self) -> usize {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(l, h)| h - l + 1)
            .max()
            .unwrap_or(0)
    }

    fn cells(&self) -> usize {
        *self.offset.last().expect("offset has n + 2 entries")
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    fn covers_all(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m)
    }

    /// Where `path` comes close to an edge of the band that is not an edge
    /// of the lattice, the true path might lie outside.
    /// The rows where that happens.
    fn tight_rows(&self, path: &[Step], width: &[usize], m: usize) -> Vec<usize> {
        path.iter()
            .map(|s| (s.i + s.a, s.j + s.b))
            .filter(|&(i, j)| {
                let margin = (width[i] / 4).max(2);
                (self.lo[i] > 0 && j < self.lo[i] + margin)
                    || (self.hi[i] < m && j + margin > self.hi[i])
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// One bead of a path: source `i..i + a`, target `j..j + b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub i: usize,
    pub a: usize,
    pub j: usize,
    pub b: usize,
}

/// The best path and the posterior probability of each of its beads.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub path: Vec<Step>,
    pub posteriors: Vec<f64>,
}

impl Decoded {
    /// The path as a guide for another search (see [`decode`]).
    pub fn center(&self, n: usize) -> Vec<usize> {
        center(&self.path, n)
    }
}

/// For every source position, the target position the path passes at.
fn center(path: &[Step], n: usize) -> Vec<usize> {
    let mut center = vec![0; n + 1];
    for step in path {
        for k in 0..=step.a {
            center[step.i + k] = step.j + step.b * k / step.a.max(1);
        }
    }
    center
}

/// What the last bead into a point was. A null bead right after a null bead
/// of the same side extends a gap instead of opening one, so that a passage
/// without counterpart (an added paragraph, a dropped page) costs little more
/// than a single missing sentence, as in sequence alignment with affine gaps.
const MATCH: usize = 0;
const SOURCE_GAP: usize = 1;
const TARGET_GAP: usize = 2;
const STATES: usize = 3;

/// The costs of sentences without counterpart (in nats).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    /// A null bead that follows a non-null bead (or a null bead of the other
    /// side).
    pub open: f64,
    /// A null bead right after a null bead of the same side.
    pub extend: f64,
}

/// How to search the lattice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Search {
    pub gaps: Gaps,
    /// Half-width of the band searched first in long documents.
    pub width: usize,
    /// Score every bead in full and keep every point (no beam): slower, and
    /// the same result, since pruning only drops what cannot matter (kept
    /// for the tests that check exactly that).
    pub exhaustive: bool,
}

/// The state a bead of shape `(a, b)` leads to.
fn state_after(a: usize, b: usize) -> usize {
    match (a, b) {
        (_, 0) => SOURCE_GAP,
        (0, _) => TARGET_GAP,
        _ => MATCH,
    }
}

/// Aligns `n` source with `m` target sentences, scoring beads with `score`
/// (called for beads with sentences on both sides; null beads cost `gaps`).
/// `guide[i]` (for `i` in `0..=n`) is a first guess of the target position
/// matching source position `i`, around which long documents are searched
/// first, `search.width` sentences either side (see [`length_guide`] and
/// [`Decoded::center`]); the band widens wherever the path needs it.
///
/// Memory: per band point, only what the passes after the forward one read
/// again is kept, the bead scores and the back pointers (about 16 bytes a
/// point with the first pass's shapes). Sums and best scores live only as
/// long as the rows that read them (as many as the longest bead side); the
/// sums at the path's points, which the posteriors need, are recomputed by
/// a second forward sweep over the kept scores, which scores nothing and
/// repeats the first sweep's arithmetic exactly, so the result is the same
/// as if they had been kept.
pub fn decode<F>(
    n: usize,
    m: usize,
    shapes: &[(usize, usize)],
    search: Search,
    guide: &[usize],
    score: F,
) -> Decoded
where
    F: Fn(Step, f64, &mut Scratch) -> f64,
{
    let mut scratch = Scratch::default();
    let (gaps, width) = (search.gaps, search.width);
    let lattice = Lattice::new(n, m, shapes, gaps, search.exhaustive);
    let mut band = if (n + 1) * (m + 1) <= FULL_LATTICE {
        Band::full(n, m)
    } else {
        Band::around(guide, &vec![width; n + 1], m)
    };
    let mut width = vec![width; n + 1];
    let (forward, prune) = loop {
        let mut prune = if search.exhaustive {
            f64::INFINITY
        } else {
            PRUNE + gaps.open + gaps.extend * band.widest() as f64
        };
        let mut forward = lattice.forward(&band, prune, &score, &mut scratch);
        if forward.total() == f64::NEG_INFINITY {
            // The beam lost every path: search again without it.
            drop(forward);
            prune = f64::INFINITY;
            forward = lattice.forward(&band, prune, &score, &mut scratch);
        }
        let path = forward.best_path(&band, &lattice);
        let tight = band.tight_rows(&path, &width, m);
        if band.covers_all(m) || tight.is_empty() {
            break (forward, prune);
        }
        drop(forward);
        // Double the width around the tight rows only, and follow the path.
        let mut widened = width.clone();
        for &row in &tight {
            let reach = 4 * width[row];
            for w in &mut widened[row.saturating_sub(reach)..=(row + reach).min(n)] {
                *w = (*w).max(2 * width[row]).min(m);
            }
        }
        width = widened;
        band = Band::around(&center(&path, n), &width, m);
    };
    let path = forward.best_path(&band, &lattice);
    let total = forward.total();
    // The path's points in lattice order, where each bead starts and ends.
    let from: Vec<usize> = path
        .iter()
        .map(|step| band.index(step.i, step.j).expect("path stays in band"))
        .collect();
    let to: Vec<usize> = path
        .iter()
        .map(|step| {
            band.index(step.i + step.a, step.j + step.b)
                .expect("path stays in band")
        })
        .collect();
    let alpha = lattice.alpha_at(&band, prune, &forward, &from);
    let beta = lattice.backward(&band, &forward.scores, &to);
    let posteriors = path
        .iter()
        .enumerate()
        .map(|(t, step)| {
            let shape = shapes
                .iter()
                .position(|&x| x == (step.a, step.b))
                .expect("path uses allowed shapes");
            let after = state_after(step.a, step.b);
            let into: Vec<f64> = (0..STATES)
                .map(|u| alpha[t][u] + lattice.cost(u, shape, to[t], &forward.scores))
                .collect();
            (log_sum_exp(&into) + beta[t][after] - total).exp().min(1.0)
        })
        .collect();
    Decoded { path, posteriors }
}

/// The fixed parts of one alignment problem.
struct Lattice<'s> {
    n: usize,
    m: usize,
    shapes: &'s [(usize, usize)],
    gaps: Gaps,
    exhaustive: bool,
    /// For every shape with sentences on both sides, where its score is
    /// kept among a point's scores (`usize::MAX` for null beads, which
    /// have no score to keep).
    slot: Vec<usize>,
    /// How many shapes have sentences on both sides: scores kept a point.
    scored: usize,
    /// Rows a pass reads back: the longest source side of a bead, plus the
    /// row being computed.
    depth: usize,
}

/// No back pointer (a point no path reaches).
const NO_BACK: u8 = u8::MAX;

/// A back pointer in one byte: the shape of the last bead (at most 39
/// shapes for beads of up to 8 sentences a side) and the state before it.
fn back_pointer(shape: usize, previous: usize) -> u8 {
    debug_assert!(shape < 63 && previous < 4);
    (shape << 2 | previous) as u8
}

/// Values of the last rows of the band only: `depth` rows of at most
/// `stride` points, `per` values a point, row `i` in slot `i % depth`.
struct Rows<T> {
    values: Vec<T>,
    depth: usize,
    stride: usize,
    per: usize,
    empty: T,
}

impl<T: Copy> Rows<T> {
    fn new(band: &Band, depth: usize, per: usize, empty: T) -> Rows<T> {
        let stride = band.widest() * per;
        Rows {
            values: vec![empty; depth * stride],
            depth,
            stride,
            per,
            empty,
        }
    }

    /// Where the values of point `(i, j)` start (a point of the band).
    fn at(&self, band: &Band, i: usize, j: usize) -> usize {
        (i % self.depth) * self.stride + (j - band.lo[i]) * self.per
    }

    /// Forgets the row that row `i` replaces.
    fn clear(&mut self, i: usize) {
        let start = (i % self.depth) * self.stride;
        self.values[start..start + self.stride].fill(self.empty);
    }
}

impl Lattice<'_> {
    fn new(
        n: usize,
        m: usize,
        shapes: &[(usize, usize)],
        gaps: Gaps,
        exhaustive: bool,
    ) -> Lattice<'_> {
        let mut scored = 0;
        let slot = shapes
            .iter()
            .map(|&(a, b)| {
                if state_after(a, b) == MATCH {
                    scored += 1;
                    scored - 1
                } else {
                    usize::MAX
                }
            })
            .collect();
        let depth = shapes.iter().map(|&(a, _)| a).max().unwrap_or(0) + 1;
        Lattice {
            n,
            m,
            shapes,
            gaps,
            exhaustive,
            slot,
            scored,
            depth,
        }
    }

    /// The cost of taking bead shape `k` that ends at point `to`, coming
    /// from state `from`: the cached bead score, or a gap cost.
    fn cost(&self, from: usize, k: usize, to: usize, scores: &[f32]) -> f64 {
        let (a, b) = self.shapes[k];
        match state_after(a, b) {
            MATCH => f64::from(scores[to * self.scored + self.slot[k]]),
            gap if gap == from => -self.gaps.extend,
            _ => -self.gaps.open,
        }
    }

    /// The forward pass: for every point and state, the last bead and
    /// previous state of the best path into it (`back`); the score of every
    /// bead with sentences on both sides, by the point it ends at (`scores`),
    /// kept for the passes after it so that no bead is scored twice.
    fn forward<F>(&self, band: &Band, prune: f64, score: &F, scratch: &mut Scratch) -> Forward
    where
        F: Fn(Step, f64, &mut Scratch) -> f64,
    {
        let cells = band.cells();
        let mut scores = vec![f32::NEG_INFINITY; cells * self.scored];
        let mut back = vec![NO_BACK; cells * STATES];
        let (end_alpha, end_best) = self.sweep(
            band,
            prune,
            |slot, step, floor| {
                let s = score(step, floor, scratch) as f32;
                scores[slot] = s;
                s
            },
            Some(&mut back),
            |_, _| {},
        );
        Forward {
            back,
            scores,
            end_alpha,
            end_best,
        }
    }

    /// The log-sums over paths into each of the points `cells` (in lattice
    /// order), by state: the forward pass's sweep again, over its scores.
    fn alpha_at(
        &self,
        band: &Band,
        prune: f64,
        forward: &Forward,
        cells: &[usize],
    ) -> Vec<[f64; STATES]> {
        let mut found = Vec::with_capacity(cells.len());
        self.sweep(
            band,
            prune,
            |slot, _, _| forward.scores[slot],
            None,
            |cell, alpha| {
                if found.len() < cells.len() && cells[found.len()] == cell {
                    found.push(alpha);
                }
            },
        );
        debug_assert_eq!(found.len(), cells.len());
        found
    }

    /// One forward sweep: for every point and state, the log-sum over paths
    /// into it (alpha) and the best of them, computed row by row from the
    /// rows before. `bead` gives the score of a bead with sentences on both
    /// sides (by its place among the kept scores, the bead and the floor
    /// below which its exact score does not matter); the best path's last
    /// bead goes into `back` if given; `visit` sees every point's alphas in
    /// lattice order. Returns the alphas and best scores at the end point.
    fn sweep(
        &self,
        band: &Band,
        prune: f64,
        mut bead: impl FnMut(usize, Step, f64) -> f32,
        mut back: Option<&mut Vec<u8>>,
        mut visit: impl FnMut(usize, [f64; STATES]),
    ) -> ([f64; STATES], [f64; STATES]) {
        let shapes = self.shapes;
        let mut alpha = Rows::new(band, self.depth, STATES, f64::NEG_INFINITY);
        let mut best = Rows::new(band, self.depth, STATES, f64::NEG_INFINITY);
        // Per point, over its states: log-sum of alpha, best, and which state.
        let mut alpha_any = Rows::new(band, self.depth, 1, f64::NEG_INFINITY);
        let mut best_any = Rows::new(band, self.depth, 1, (f64::NEG_INFINITY, 0u8));
        let mut row_best = vec![f64::NEG_INFINITY; self.n + 1];
        for i in 0..=self.n {
            alpha.clear(i);
            best.clear(i);
            alpha_any.clear(i);
            best_any.clear(i);
            for j in band.lo[i]..=band.hi[i].min(self.m) {
                let cell = band.index(i, j).expect("visiting band points");
                let (w, w_any) = (alpha.at(band, i, j), alpha_any.at(band, i, j));
                if i == 0 && j == 0 {
                    alpha.values[w + MATCH] = 0.0;
                    best.values[w + MATCH] = 0.0;
                    alpha_any.values[w_any] = 0.0;
                    best_any.values[w_any] = (0.0, MATCH as u8);
                    row_best[0] = 0.0;
                    let mut start = [f64::NEG_INFINITY; STATES];
                    start[MATCH] = 0.0;
                    visit(cell, start);
                    continue;
                }
                let mut sums = [LogSum::default(); STATES];
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if a > i || b > j || band.index(i - a, j - b).is_none() {
                        continue;
                    }
                    let (pi, pj) = (i - a, j - b);
                    let (p, p_any) = (alpha.at(band, pi, pj), alpha_any.at(band, pi, pj));
                    let (reach, reach_state) = best_any.values[p_any];
                    // Beam: a point far below the best of its row is on no
                    // path that matters (not applied within the current row,
                    // a = 0, whose best is not known yet).
                    let floor = if a > 0 {
                        row_best[pi] - prune
                    } else {
                        f64::NEG_INFINITY
                    };
                    if reach == f64::NEG_INFINITY || reach < floor {
                        continue;
                    }
                    let after = state_after(a, b);
                    let to = w + after;
                    if after == MATCH {
                        // The bead score does not depend on the state before.
                        let floor = if self.exhaustive {
                            f64::NEG_INFINITY
                        } else {
                            sums[MATCH].max - NEGLIGIBLE - alpha_any.values[p_any]
                        };
                        let step = Step { i: pi, a, j: pj, b };
                        let s = bead(cell * self.scored + self.slot[k], step, floor);
                        if s == f32::NEG_INFINITY {
                            continue;
                        }
                        let s = f64::from(s);
                        sums[MATCH].add(alpha_any.values[p_any] + s);
                        if reach + s > best.values[to] {
                            best.values[to] = reach + s;
                            if let Some(back) = back.as_deref_mut() {
                                back[cell * STATES + after] =
                                    back_pointer(k, usize::from(reach_state));
                            }
                        }
                        continue;
                    }
                    for u in 0..STATES {
                        let from = p + u;
                        if best.values[from] == f64::NEG_INFINITY {
                            continue;
                        }
                        let cost = if u == after {
                            -self.gaps.extend
                        } else {
                            -self.gaps.open
                        };
                        sums[after].add(alpha.values[from] + cost);
                        if best.values[from] + cost > best.values[to] {
                            best.values[to] = best.values[from] + cost;
                            if let Some(back) = back.as_deref_mut() {
                                back[cell * STATES + after] = back_pointer(k, u);
                            }
                        }
                    }
                }
                let mut here = [f64::NEG_INFINITY; STATES];
                for (t, sum) in sums.iter().enumerate() {
                    here[t] = sum.value();
                }
                alpha.values[w..w + STATES].copy_from_slice(&here);
                alpha_any.values[w_any] = log_sum_exp(&here);
                for t in 0..STATES {
                    let value = best.values[w + t];
                    if value > best_any.values[w_any].0 {
                        best_any.values[w_any] = (value, t as u8);
                    }
                }
                row_best[i] = row_best[i].max(best_any.values[w_any].0);
                visit(cell, here);
            }
        }
        let w = alpha.at(band, self.n, self.m);
        let mut end = ([f64::NEG_INFINITY; STATES], [f64::NEG_INFINITY; STATES]);
        end.0.copy_from_slice(&alpha.values[w..w + STATES]);
        end.1.copy_from_slice(&best.values[w..w + STATES]);
        end
    }

    /// The backward pass: for every point and state, the log-sum over paths
    /// out of it, from the bead scores the forward pass kept, row by row
    /// from the end; returned at the points `cells` (in lattice order), by
    /// state.
    fn backward(&self, band: &Band, scores: &[f32], cells: &[usize]) -> Vec<[f64; STATES]> {
        let (n, m, shapes) = (self.n, self.m, self.shapes);
        let mut beta = Rows::new(band, self.depth, STATES, f64::NEG_INFINITY);
        let mut found = vec![[f64::NEG_INFINITY; STATES]; cells.len()];
        let mut left = cells.len();
        let mut record = |cell: usize, values: &[f64]| {
            if left > 0 && cells[left - 1] == cell {
                left -= 1;
                found[left].copy_from_slice(values);
            }
        };
        for i in (0..=n).rev() {
            beta.clear(i);
            for j in (band.lo[i]..=band.hi[i].min(m)).rev() {
                let cell = band.index(i, j).expect("visiting band points");
                let w = beta.at(band, i, j);
                if i == n && j == m {
                    beta.values[w..w + STATES].fill(0.0);
                    record(cell, &beta.values[w..w + STATES]);
                    continue;
                }
                // Beads with sentences on both sides lead to MATCH whatever
                // the state before; null beads cost by the state before.
                let mut matched = LogSum::default();
                let mut gap = [f64::NEG_INFINITY; STATES];
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if i + a > n || j + b > m {
                        continue;
                    }
                    let Some(q) = band.index(i + a, j + b) else {
                        continue;
                    };
                    let after = state_after(a, b);
                    let next = beta.values[beta.at(band, i + a, j + b) + after];
                    if next == f64::NEG_INFINITY {
                        continue;
                    }
                    if after == MATCH {
                        let s = scores[q * self.scored + self.slot[k]];
                        if s != f32::NEG_INFINITY {
                            matched.add(f64::from(s) + next);
                        }
                    } else {
                        gap[after] = next;
                    }
                }
                for u in 0..STATES {
                    let mut sum = matched;
                    for after in [SOURCE_GAP, TARGET_GAP] {
                        let cost = if u == after {
                            -self.gaps.extend
                        } else {
                            -self.gaps.open
                        };
                        sum.add(gap[after] + cost);
                    }
                    beta.values[w + u] = sum.value();
                }
                record(cell, &beta.values[w..w + STATES]);
            }
        }
        found
    }
}

/// A log-sum-exp accumulated one term at a time.
#[derive(Debug, Clone, Copy)]
struct LogSum {
    max: f64,
    /// Sum of exp(term - max).
    sum: f64,
}

impl Default for LogSum {
    fn default() -> Self {
        LogSum {
            max: f64::NEG_INFINITY,
            sum: 0.0,
        }
    }
}

impl LogSum {
    fn add(&mut self, term: f64) {
        if term == f64::NEG_INFINITY {
            return;
        }
        if term > self.max {
            self.sum = self.sum * (self.max - term).exp() + 1.0;
            self.max = term;
        } else {
            self.sum += (term - self.max).exp();
        }
    }

    fn value(&self) -> f64 {
        if self.max == f64::NEG_INFINITY {
            f64::NEG_INFINITY
        } else {
            self.max + self.sum.ln()
        }
    }
}

/// What the forward pass keeps (see [`Lattice::forward`]).
struct Forward {
    /// Per point and state, the best path's last bead (see [`back_pointer`]).
    back: Vec<u8>,
    /// Per point, the scores of the beads with sentences on both sides
    /// that end there (see `Lattice::slot`).
    scores: Vec<f32>,
    /// The log-sums over paths into the end point, by state.
    end_alpha: [f64; STATES],
    /// The best paths' scores into the end point, by state.
    end_best: [f64; STATES],
}

impl Forward {
    /// The log-sum over all paths.
    fn total(&self) -> f64 {
        log_sum_exp(&self.end_alpha)
    }

    fn best_path(&self, band: &Band, lattice: &Lattice) -> Vec<Step> {
        let (mut i, mut j) = (lattice.n, lattice.m);
        let mut state = (0..STATES)
            .max_by(|&x, &y| self.end_best[x].total_cmp(&self.end_best[y]))
            .expect("there are states");
        let mut path = Vec::new();
        while i > 0 || j > 0 {
            let here = band.index(i, j).expect("backtrace stays in band");
            let back = self.back[here * STATES + state];
            let (a, b) = lattice.shapes[usize::from(back >> 2)];
            i -= a;
            j -= b;
            state = usize::from(back & 3);
            path.push(Step { i, a, j, b });
        }
        path.reverse();
        path
    }
}

fn log_sum_exp(terms: &[f64]) -> f64 {
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: Search = Search {
        gaps: Gaps {
            open: 5.0,
            extend: 2.0,
        },
        width: 16,
        exhaustive: false,
    };

    fn with_gaps(open: f64, extend: f64) -> Search {
        Search {
            gaps: Gaps { open, extend },
            ..SEARCH
        }
    }

    #[test]
    fn default_shapes() {
        let mut got = shapes(3);
        got.sort();
        assert_eq!(
            got,
            [
                (0, 1),
                (1, 0),
                (1, 1),
                (1, 2),
                (1, 3),
                (2, 1),
                (2, 2),
                (3, 1)
            ]
        );
        assert_eq!(shapes(1).len(), 3);
        assert!(shapes(4).contains(&(2, 3)));
    }

    #[test]
    fn finds_the_diagonal_and_is_sure_of_it() {
        // 1-1 beads score high, everything else low.
        let decoded = decode(
            5,
            5,
            &shapes(3),
            SEARCH,
            &[0, 1, 2, 3, 4, 5],
            |Step { i, a, j, b }, _, _| {
                if a == 1 && b == 1 && i == j {
                    5.0
                } else {
                    -5.0
                }
            },
        );
        assert_eq!(decoded.path.len(), 5);
        assert!(
            decoded
                .path
                .iter()
                .all(|s| s.a == 1 && s.b == 1 && s.i == s.j)
        );
        assert!(
            decoded.posteriors.iter().all(|&p| p > 0.99),
            "{:?}",
            decoded.posteriors
        );
    }

    #[test]
    fn posteriors_of_ambiguous_choices_are_shared() {
        // One source sentence, two target sentences that fit it equally well.
        let decoded = decode(
            1,
            2,
            &shapes(3),
            with_gaps(1.0, 1.0),
            &[0, 2],
            |Step { a, j, b, .. }, _, _| match (a, b, j) {
                (1, 1, _) => 2.0,
                (0, 1, _) => 0.0,
                _ => -50.0,
            },
        );
        assert_eq!(decoded.path.len(), 2);
        let p = decoded.posteriors[0].max(decoded.posteriors[1]);
        // Two equal paths, and paths of null beads only, far less likely.
        assert!((p - 0.5).abs() < 0.02, "{:?}", decoded.posteriors);
    }

    #[test]
    fn empty_sides_give_null_beads() {
        let decoded = decode(2, 0, &shapes(3), SEARCH, &[0, 0, 0], |_, _, _| 0.0);
        assert_eq!(
            decoded.path,
            [
                Step {
                    i: 0,
                    a: 1,
                    j: 0,
                    b: 0
                },
                Step {
                    i: 1,
                    a: 1,
                    j: 0,
                    b: 0
                }
            ]
        );
        let decoded = decode(0, 0, &shapes(3), SEARCH, &[0], |_, _, _| 0.0);
        assert!(decoded.path.is_empty());
    }

    #[test]
    fn banded_search_follows_a_path_far_from_the_diagonal() {
        // 3000 x 3000 is above the exhaustive limit: the band must move.
        // Truth: the target has 400 extra sentences at the start.
        let (n, m) = (2600, 3000);
        let diagonal: Vec<usize> = (0..=n).map(|i| i * m / n).collect();
        let decoded = decode(
            n,
            m,
            &shapes(3),
            with_gaps(1.0, 0.1),
            &diagonal,
            |Step { i, a, j, b }, _, _| match (a, b) {
                (1, 1) if j == i + 400 => 3.0,
                (1, 1) => -3.0,
                (0, 1) if j < 400 => 0.0,
                _ => -6.0,
            },
        );
        let ones: Vec<&Step> = decoded
            .path
            .iter()
            .filter(|s| s.a == 1 && s.b == 1)
            .collect();
        assert_eq!(ones.len(), n);
        assert!(ones.iter().all(|s| s.j == s.i + 400));
    }
}
