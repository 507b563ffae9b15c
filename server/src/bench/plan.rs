//! The shape of the generated forum, decided before any text: how many posts
//! each thread has (most a handful, a few thousands), when it started, its
//! language, tags, status and author. Deterministic for a seed.

use super::rng::Rng;
use super::text::Lang;
use app::domain::ThreadStatus;

/// 2019-01-01 and 2026-11-30, UTC: the years the forum's history spans.
pub const START: i64 = 1_546_300_800;
pub const END: i64 = 1_795_996_800;

/// One thread in this many runs to thousands of posts.
const LONG_THREAD_EVERY: usize = 5_000;
const LONG_THREAD_POSTS: (u64, u64) = (1_000, 5_000);

/// Members: one for this many threads (at least 20, at most 20 000).
pub fn member_count(threads: usize) -> usize {
    (threads / 20).clamp(20, 20_000)
}

#[derive(Clone, Debug)]
pub struct ThreadPlan {
    pub index: usize,
    /// Posts, the opening one included (at least 1).
    pub posts: usize,
    pub created: i64,
    pub lang: Lang,
    /// Indices into the taxonomy's solutions and standards, most used first.
    pub solutions: Vec<usize>,
    pub standards: Vec<usize>,
    pub status: ThreadStatus,
    /// Index of the reply (0 = first reply) that resolved it.
    pub resolution: Option<usize>,
    /// An earlier thread, by index.
    pub duplicate_of: Option<usize>,
    pub locked: bool,
    pub author: usize,
}

/// Posts per thread: exactly `posts` in all, each thread at least one.
pub fn post_counts(seed: u64, threads: usize, posts: usize) -> Vec<usize> {
    assert!(threads > 0 && posts >= threads, "at least one post per thread");
    let mut rng = Rng::new(seed).fork(u64::MAX);
    let mut counts = vec![1usize; threads];
    let long = threads / LONG_THREAD_EVERY;
    let spare = posts - threads;
    let mut long_total = 0;
    for _ in 0..long {
        let i = rng.range(0, threads as u64 - 1) as usize;
        let n = rng.range(LONG_THREAD_POSTS.0, LONG_THREAD_POSTS.1) as usize;
        if counts[i] == 1 && long_total + n <= spare / 4 {
            counts[i] = n;
            long_total += n - 1;
        }
    }
    // The others: replies log-normally spread around what is left per thread.
    let short: Vec<usize> = (0..threads).filter(|&i| counts[i] == 1).collect();
    let mean = (spare - long_total) as f64 / short.len().max(1) as f64;
    let sigma = 1.0;
    let median = mean / (sigma * sigma / 2.0f64).exp();
    let mut total = threads + long_total;
    for &i in &short {
        let replies = rng.log_normal(median.max(0.01), sigma).round() as usize;
        counts[i] += replies;
        total += replies;
    }
    // Then exactly the total asked for, one post at a time on random short threads.
    while total != posts && !short.is_empty() {
        let i = *rng.pick(&short);
        if total < posts {
            counts[i] += 1;
            total += 1;
        } else if counts[i] > 1 {
            counts[i] -= 1;
            total -= 1;
        }
    }
    counts
}

/// Order in which solutions and standards are most often tagged (the rest
/// follow in the taxonomy's order).
const POPULAR: &[&str] = &[
    "geoserver", "geonetwork", "qgis", "georchestra", "gdal", "prodige", "geoplateforme", "data-gouv", "mapserver",
    "lizmap", "wfs", "wms", "csw", "iso-19115", "inspire", "ogcapi-features", "wmts", "dcat-ap", "sld", "geojson",
];

/// Indices of `slugs` with the popular ones first.
pub fn by_popularity(slugs: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = POPULAR.iter().filter_map(|p| slugs.iter().position(|s| s == p)).collect();
    let rest: Vec<usize> = (0..slugs.len()).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    order
}

fn distinct(rng: &mut Rng, order: &[usize], n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    while out.len() < n.min(order.len()) {
        let i = order[rng.skewed(order.len())];
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The thread `index` of `threads`, with `posts` posts.
pub fn thread(seed: u64, index: usize, threads: usize, posts: usize, solution_order: &[usize], standard_order: &[usize]) -> ThreadPlan {
    let mut rng = Rng::new(seed).fork(index as u64);
    // More threads in recent years: the start time grows as a square root.
    let x = (index as f64 + rng.unit()) / threads as f64;
    let created = START + ((END - START) as f64 * 0.97 * x.sqrt()) as i64;
    let lang = if rng.chance(0.25) { Lang::En } else { Lang::Fr };
    let n_solutions = 1 + usize::from(rng.chance(0.45)) + usize::from(rng.chance(0.1));
    let n_standards = rng.weighted(&[(0usize, 15), (1, 60), (2, 25)]);
    use ThreadStatus::*;
    let mut status = rng.weighted(&[(Open, 30), (NeedsInfo, 8), (Confirmed, 12), (Resolved, 38), (WontFix, 5), (Duplicate, 7)]);
    let replies = posts - 1;
    if (status == Resolved && replies == 0) || (status == Duplicate && index == 0) {
        status = Open;
    }
    let resolution = (status == Resolved).then(|| rng.range(replies as u64 / 2, replies as u64 - 1) as usize);
    let duplicate_of = (status == Duplicate).then(|| rng.range(0, index as u64 - 1) as usize);
    ThreadPlan {
        index,
        posts,
        created,
        lang,
        solutions: distinct(&mut rng, solution_order, n_solutions),
        standards: distinct(&mut rng, standard_order, n_standards),
        status,
        resolution,
        duplicate_of,
        locked: rng.chance(0.01),
        author: rng.skewed(member_count(threads)),
    }
}

/// When each reply is written: gaps of hours to weeks, fitted before `END`.
pub fn reply_times(rng: &mut Rng, created: i64, replies: usize) -> Vec<i64> {
    let median_hours = if replies > 200 { 12.0 } else { 5.0 };
    let gaps: Vec<f64> = (0..replies).map(|_| rng.log_normal(median_hours * 3600.0, 1.5).max(60.0)).collect();
    let total: f64 = gaps.iter().sum();
    let room = (END - created) as f64;
    let scale = if total > room { room / total } else { 1.0 };
    let mut at = created as f64;
    gaps.iter().map(|g| {
        at += g * scale;
        at as i64
    }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_exactly_and_are_skewed() {
        let counts = post_counts(42, 20_000, 200_000);
        assert_eq!(counts.len(), 20_000);
        assert_eq!(counts.iter().sum::<usize>(), 200_000);
        assert!(counts.iter().all(|&c| c >= 1));
        let mut sorted = counts.clone();
        sorted.sort_unstable();
        assert!(sorted[10_000] <= 8, "most threads are short (median {})", sorted[10_000]);
        assert!(sorted[19_999] >= 1_000, "a few run to thousands (longest {})", sorted[19_999]);
        assert_eq!(post_counts(42, 20_000, 200_000), counts, "deterministic");
        assert_eq!(post_counts(1, 3, 3), vec![1, 1, 1]);
    }

    #[test]
    fn threads_are_consistent_with_their_posts() {
        let order: Vec<usize> = (0..10).collect();
        for i in 0..2_000 {
            let posts = 1 + i % 7;
            let t = thread(5, i, 2_000, posts, &order, &order);
            assert!(t.created >= START && t.created < END);
            assert!(!t.solutions.is_empty());
            if let Some(r) = t.resolution {
                assert!(r < posts - 1, "the resolution is one of the replies");
            }
            if let Some(d) = t.duplicate_of {
                assert!(d < i, "a duplicate of an earlier thread");
            }
        }
        let times = reply_times(&mut Rng::new(1), END - 3_600, 50);
        assert!(times.windows(2).all(|w| w[0] <= w[1]) && *times.last().unwrap() <= END);
    }
}
