//! The dynamic programme over the lattice of beads.
//!
//! A point `(i, j)` means "the first `i` source and `j` target sentences are
//! aligned"; a bead of shape `(a, b)` moves from `(i - a, j - b)` to `(i, j)`.
//! One forward pass computes both the best path (Viterbi) and the total
//! weight of all paths into each point; one backward pass the total weight of
//! all paths out of it. From the two, the posterior probability of every
//! bead on the best path: the confidence before calibration.
//!
//! Only points inside a [`Band`] are visited. Small documents get the whole
//! lattice; long ones a band around the diagonal that is widened and
//! re-centred on the best path until the path no longer touches its edges,
//! so time and memory grow linearly with the length of the documents.

use super::score::Scratch;

/// Documents up to this many lattice points are aligned exhaustively.
const FULL_LATTICE: usize = 40_000;

/// Points whose best path scores this much (in nats) below the best point of
/// their row are not extended: paths through them carry a share of the
/// probability below e^-30.
const PRUNE: f64 = 30.0;

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

    /// Points within `width` of `center[i]` in every row, widened where
    /// needed so that neighbouring rows overlap (a path can always pass).
    pub fn around(center: &[usize], width: usize, m: usize) -> Band {
        let n = center.len() - 1;
        let mut lo: Vec<usize> = center.iter().map(|&c| c.saturating_sub(width)).collect();
        let mut hi: Vec<usize> = center.iter().map(|&c| (c + width).min(m)).collect();
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

    fn cells(&self) -> usize {
        *self.offset.last().expect("offset has n + 2 entries")
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    fn covers_all(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m)
    }

    /// Whether `path` comes close to an edge of the band that is not an edge
    /// of the lattice: the true path might lie outside.
    fn is_tight(&self, path: &[Step], width: usize, m: usize) -> bool {
        let margin = (width / 4).max(2);
        path.iter().any(|s| {
            let (i, j) = (s.i + s.a, s.j + s.b);
            (self.lo[i] > 0 && j < self.lo[i] + margin)
                || (self.hi[i] < m && j + margin > self.hi[i])
        })
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

/// Aligns `n` source with `m` target sentences, scoring beads with `score`.
/// `guide[i]` (for `i` in `0..=n`) is a first guess of the target position
/// matching source position `i`, around which long documents are searched
/// first, `width` sentences either side (see [`length_guide`] and
/// [`Decoded::center`]); the band widens wherever the path needs it.
pub fn decode<F>(
    n: usize,
    m: usize,
    shapes: &[(usize, usize)],
    guide: &[usize],
    width: usize,
    score: F,
) -> Decoded
where
    F: Fn(usize, usize, usize, usize, &mut Scratch) -> f64,
{
    let mut scratch = Scratch::default();
    if n == 0 || m == 0 {
        // Nothing to choose: every sentence is a null bead.
        let path: Vec<Step> = (0..n)
            .map(|i| Step {
                i,
                a: 1,
                j: 0,
                b: 0,
            })
            .chain((0..m).map(|j| Step {
                i: n,
                a: 0,
                j,
                b: 1,
            }))
            .collect();
        let posteriors = vec![1.0; path.len()];
        return Decoded { path, posteriors };
    }
    let mut band = if (n + 1) * (m + 1) <= FULL_LATTICE {
        Band::full(n, m)
    } else {
        Band::around(guide, width, m)
    };
    let mut width = width;
    let forward = loop {
        let mut forward = Forward::run(&band, n, m, shapes, PRUNE, &score, &mut scratch);
        if forward.alpha[band.index(n, m).expect("end point is in the band")] == f64::NEG_INFINITY {
            // The beam lost every path: search again without it.
            forward = Forward::run(&band, n, m, shapes, f64::INFINITY, &score, &mut scratch);
        }
        let path = forward.best_path(&band, n, m, shapes);
        if band.covers_all(m) || !band.is_tight(&path, width, m) {
            break forward;
        }
        width *= 2;
        band = Band::around(&center(&path, n), width, m);
    };
    let path = forward.best_path(&band, n, m, shapes);
    let beta = backward(&band, n, m, shapes, &forward.scores);
    let total = forward.alpha[band.index(n, m).expect("end point is in the band")];
    let posteriors = path
        .iter()
        .map(|s| {
            let from = forward.alpha[band.index(s.i, s.j).expect("path stays in band")];
            let end = band
                .index(s.i + s.a, s.j + s.b)
                .expect("path stays in band");
            let shape = shapes
                .iter()
                .position(|&x| x == (s.a, s.b))
                .expect("path uses allowed shapes");
            let score = f64::from(forward.scores[end * shapes.len() + shape]);
            (from + score + beta[end] - total).exp().min(1.0)
        })
        .collect();
    Decoded { path, posteriors }
}

/// The forward pass: the log-sum over paths into every point (`alpha`), the
/// shape of the last bead of the best path into it (`back`), and the score
/// of every bead, by the point it ends at and its shape (`scores`), kept for
/// the backward pass so that no bead is scored twice.
struct Forward {
    alpha: Vec<f64>,
    back: Vec<u8>,
    scores: Vec<f32>,
}

impl Forward {
    fn run<F>(
        band: &Band,
        n: usize,
        m: usize,
        shapes: &[(usize, usize)],
        prune: f64,
        score: &F,
        scratch: &mut Scratch,
    ) -> Forward
    where
        F: Fn(usize, usize, usize, usize, &mut Scratch) -> f64,
    {
        let cells = band.cells();
        let mut alpha = vec![f64::NEG_INFINITY; cells];
        let mut best = vec![f64::NEG_INFINITY; cells];
        let mut back = vec![u8::MAX; cells];
        let mut scores = vec![f32::NEG_INFINITY; cells * shapes.len()];
        let start = band.index(0, 0).expect("start point is in the band");
        alpha[start] = 0.0;
        best[start] = 0.0;
        let mut terms = Vec::with_capacity(shapes.len());
        let mut row_best = vec![f64::NEG_INFINITY; n + 1];
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i].min(m) {
                if i == 0 && j == 0 {
                    row_best[0] = 0.0;
                    continue;
                }
                terms.clear();
                let (mut top, mut top_shape) = (f64::NEG_INFINITY, u8::MAX);
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    let Some(p) = band.index(i - a, j - b) else {
                        continue;
                    };
                    // Beam: a point far below the best of its row is on no
                    // path that matters (pruning within the current row,
                    // a = 0, is left out: its row is not finished yet).
                    let floor = if a > 0 {
                        row_best[i - a] - prune
                    } else {
                        f64::NEG_INFINITY
                    };
                    if best[p] == f64::NEG_INFINITY || best[p] < floor {
                        continue;
                    }
                    let s = score(i - a, a, j - b, b, scratch);
                    let here = band.index(i, j).expect("visiting band points");
                    scores[here * shapes.len() + k] = s as f32;
                    let s = f64::from(s as f32);
                    terms.push(alpha[p] + s);
                    if best[p] + s > top {
                        top = best[p] + s;
                        top_shape = k as u8;
                    }
                }
                let here = band.index(i, j).expect("visiting band points");
                alpha[here] = log_sum_exp(&terms);
                best[here] = top;
                back[here] = top_shape;
                row_best[i] = row_best[i].max(top);
            }
        }
        Forward {
            alpha,
            back,
            scores,
        }
    }

    fn best_path(&self, band: &Band, n: usize, m: usize, shapes: &[(usize, usize)]) -> Vec<Step> {
        let mut path = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = band.index(i, j).expect("backtrace stays in band");
            let (a, b) = shapes[usize::from(self.back[here])];
            i -= a;
            j -= b;
            path.push(Step { i, a, j, b });
        }
        path.reverse();
        path
    }
}

/// The backward pass: log-sum over paths out of every point, from the bead
/// scores the forward pass kept.
fn backward(
    band: &Band,
    n: usize,
    m: usize,
    shapes: &[(usize, usize)],
    scores: &[f32],
) -> Vec<f64> {
    let mut beta = vec![f64::NEG_INFINITY; band.cells()];
    beta[band.index(n, m).expect("end point is in the band")] = 0.0;
    let mut terms = Vec::with_capacity(shapes.len());
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i].min(m)).rev() {
            if i == n && j == m {
                continue;
            }
            terms.clear();
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if i + a > n || j + b > m {
                    continue;
                }
                let Some(q) = band.index(i + a, j + b) else {
                    continue;
                };
                let s = scores[q * shapes.len() + k];
                if beta[q] == f64::NEG_INFINITY || s == f32::NEG_INFINITY {
                    continue;
                }
                terms.push(f64::from(s) + beta[q]);
            }
            beta[band.index(i, j).expect("visiting band points")] = log_sum_exp(&terms);
        }
    }
    beta
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
            &[0, 1, 2, 3, 4, 5],
            16,
            |i, a, j, b, _| {
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
        let decoded = decode(1, 2, &shapes(3), &[0, 2], 16, |_, a, j, b, _| {
            match (a, b, j) {
                (1, 1, _) => 2.0,
                (0, 1, _) => 0.0,
                _ => -50.0,
            }
        });
        assert_eq!(decoded.path.len(), 2);
        let p = decoded.posteriors[0].max(decoded.posteriors[1]);
        assert!((p - 0.5).abs() < 1e-6, "{:?}", decoded.posteriors);
    }

    #[test]
    fn empty_sides_give_null_beads() {
        let decoded = decode(2, 0, &shapes(3), &[0, 0, 0], 16, |_, _, _, _, _| 0.0);
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
        let decoded = decode(0, 0, &shapes(3), &[0], 16, |_, _, _, _, _| 0.0);
        assert!(decoded.path.is_empty());
    }

    #[test]
    fn banded_search_follows_a_path_far_from_the_diagonal() {
        // 3000 x 3000 is above the exhaustive limit: the band must move.
        // Truth: the target has 400 extra sentences at the start.
        let (n, m) = (2600, 3000);
        let diagonal: Vec<usize> = (0..=n).map(|i| i * m / n).collect();
        let decoded = decode(n, m, &shapes(3), &diagonal, 16, |i, a, j, b, _| {
            match (a, b) {
                (1, 1) if j == i + 400 => 3.0,
                (1, 1) => -3.0,
                (0, 1) if j < 400 => 0.0,
                _ => -6.0,
            }
        });
        let ones: Vec<&Step> = decoded
            .path
            .iter()
            .filter(|s| s.a == 1 && s.b == 1)
            .collect();
        assert_eq!(ones.len(), n);
        assert!(ones.iter().all(|s| s.j == s.i + 400));
    }
}
