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
/// Half-width of the first band for long documents.
const FIRST_WIDTH: usize = 48;

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

/// Aligns `n` source with `m` target sentences, scoring beads with `score`.
pub fn decode<F>(n: usize, m: usize, shapes: &[(usize, usize)], score: F) -> Decoded
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
        let diagonal: Vec<usize> = (0..=n).map(|i| i * m / n).collect();
        Band::around(&diagonal, FIRST_WIDTH, m)
    };
    let mut width = FIRST_WIDTH;
    let forward = loop {
        let forward = Forward::run(&band, n, m, shapes, &score, &mut scratch);
        let path = forward.best_path(&band, n, m, shapes);
        if band.covers_all(m) || !band.is_tight(&path, width, m) {
            break forward;
        }
        width *= 2;
        let mut center = vec![0; n + 1];
        for step in &path {
            for k in 0..=step.a {
                center[step.i + k] = step.j + step.b * k / step.a.max(1);
            }
        }
        band = Band::around(&center, width, m);
    };
    let path = forward.best_path(&band, n, m, shapes);
    let beta = backward(&band, n, m, shapes, &score, &mut scratch);
    let total = forward.alpha[band.index(n, m).expect("end point is in the band")];
    let posteriors = path
        .iter()
        .map(|s| {
            let from = forward.alpha[band.index(s.i, s.j).expect("path stays in band")];
            let to = beta[band
                .index(s.i + s.a, s.j + s.b)
                .expect("path stays in band")];
            (from + score(s.i, s.a, s.j, s.b, &mut scratch) + to - total)
                .exp()
                .min(1.0)
        })
        .collect();
    Decoded { path, posteriors }
}

/// The forward pass: the log-sum over paths into every point (`alpha`), and
/// the shape of the last bead of the best path into it (`back`).
struct Forward {
    alpha: Vec<f64>,
    back: Vec<u8>,
}

impl Forward {
    fn run<F>(
        band: &Band,
        n: usize,
        m: usize,
        shapes: &[(usize, usize)],
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
        let start = band.index(0, 0).expect("start point is in the band");
        alpha[start] = 0.0;
        best[start] = 0.0;
        let mut terms = Vec::with_capacity(shapes.len());
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i].min(m) {
                if i == 0 && j == 0 {
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
                    if best[p] == f64::NEG_INFINITY {
                        continue;
                    }
                    let s = score(i - a, a, j - b, b, scratch);
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
            }
        }
        Forward { alpha, back }
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

/// The backward pass: log-sum over paths out of every point.
fn backward<F>(
    band: &Band,
    n: usize,
    m: usize,
    shapes: &[(usize, usize)],
    score: &F,
    scratch: &mut Scratch,
) -> Vec<f64>
where
    F: Fn(usize, usize, usize, usize, &mut Scratch) -> f64,
{
    let mut beta = vec![f64::NEG_INFINITY; band.cells()];
    beta[band.index(n, m).expect("end point is in the band")] = 0.0;
    let mut terms = Vec::with_capacity(shapes.len());
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i].min(m)).rev() {
            if i == n && j == m {
                continue;
            }
            terms.clear();
            for &(a, b) in shapes {
                if i + a > n || j + b > m {
                    continue;
                }
                let Some(q) = band.index(i + a, j + b) else {
                    continue;
                };
                if beta[q] == f64::NEG_INFINITY {
                    continue;
                }
                terms.push(score(i, a, j, b, scratch) + beta[q]);
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
        let decoded = decode(5, 5, &shapes(3), |i, a, j, b, _| {
            if a == 1 && b == 1 && i == j {
                5.0
            } else {
                -5.0
            }
        });
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
        let decoded = decode(1, 2, &shapes(3), |_, a, j, b, _| match (a, b, j) {
            (1, 1, _) => 2.0,
            (0, 1, _) => 0.0,
            _ => -50.0,
        });
        assert_eq!(decoded.path.len(), 2);
        let p = decoded.posteriors[0].max(decoded.posteriors[1]);
        assert!((p - 0.5).abs() < 1e-6, "{:?}", decoded.posteriors);
    }

    #[test]
    fn empty_sides_give_null_beads() {
        let decoded = decode(2, 0, &shapes(3), |_, _, _, _, _| 0.0);
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
        let decoded = decode(0, 0, &shapes(3), |_, _, _, _, _| 0.0);
        assert!(decoded.path.is_empty());
    }

    #[test]
    fn banded_search_follows_a_path_far_from_the_diagonal() {
        // 3000 x 3000 is above the exhaustive limit: the band must move.
        // Truth: the target has 400 extra sentences at the start.
        let (n, m) = (2600, 3000);
        let decoded = decode(n, m, &shapes(3), |i, a, j, b, _| match (a, b) {
            (1, 1) if j == i + 400 => 3.0,
            (1, 1) => -3.0,
            (0, 1) if j < 400 => 0.0,
            _ => -6.0,
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
