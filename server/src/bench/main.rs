//! `jonction-bench`: the search benchmark's tools, a second binary of the
//! server crate so that the forum's own `jonction` carries none of it. It
//! uses the forum's code (the store to write, the index and `forum::search`
//! to query) and is run by `scripts/search-bench.sh`; the page benchmark
//! reuses `generate`, and `scripts/nodes-bench.sh` times posting with `post`.

mod code;
mod generate;
mod plan;
mod posting;
mod queries;
mod rng;
mod text;
mod topics;
mod words;

use anyhow::Context;
use app::store::{self, OpenOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "jonction-bench", about = "Jonction : forum généré et mesures de la recherche")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a new data directory with a generated forum (deterministic for a seed).
    Generate {
        #[arg(long)]
        data_dir: PathBuf,
        #[arg(long, default_value_t = 100_000)]
        threads: usize,
        /// Posts in all, opening posts included (at least one per thread).
        #[arg(long, default_value_t = 1_000_000)]
        posts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time the 50 searches in this process on the data directory's index.
    Queries {
        #[arg(long)]
        data_dir: PathBuf,
        /// Rounds over the 50 searches (after one warm-up round).
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        /// Also print each search: median and slowest time with facets, threads found.
        #[arg(long)]
        each: bool,
    },
    /// Time the 50 search pages on a running `jonction serve`, then print its memory.
    Http {
        /// host:port of the server.
        #[arg(long)]
        addr: String,
        #[arg(long, default_value_t = 5)]
        repeat: usize,
        /// The server's process id, to read its memory from /proc.
        #[arg(long)]
        pid: Option<u32>,
    },
    /// Time replies posted by concurrent signed-in writers through the forms of a running forum.
    Post {
        /// The forum's URL (a node, or the load balancer).
        #[arg(long)]
        base: String,
        #[arg(long, default_value_t = 50)]
        writers: usize,
        /// Replies each writer posts.
        #[arg(long, default_value_t = 20)]
        replies: usize,
        /// Writers replying to the same thread.
        #[arg(long, default_value_t = 5)]
        per_thread: usize,
        /// A node's mail directory (DATA_DIR/mail), where the verification mails are read; once per node.
        #[arg(long = "mail-dir", required = true)]
        mail_dirs: Vec<PathBuf>,
    },
}

fn line(label: &str, samples: Vec<std::time::Duration>) {
    let n = samples.len();
    let (p50, p99) = queries::percentiles(samples);
    println!("{label:<40} p50 {p50:>8.2} ms   p99 {p99:>8.2} ms   ({n} searches)");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new("warn")).init();
    match Cli::parse().command {
        Command::Generate { data_dir, threads, posts, seed } => {
            anyhow::ensure!(threads > 0 && posts >= threads, "il faut au moins un message par fil");
            let db = store::open(&data_dir, &OpenOptions::default()).await?;
            let report = generate::generate(&db, &generate::Options { threads, posts, seed }).await;
            store::close(db).await?;
            let r = report?;
            println!(
                "generated: {} threads, {} posts ({} edited, {} deleted), {} members in {:.1} s ({:.0} posts/s), seed {seed}",
                r.threads,
                r.posts,
                r.edited,
                r.deleted,
                r.members,
                r.seconds,
                r.posts as f64 / r.seconds
            );
        }
        Command::Queries { data_dir, repeat, each } => {
            let db = store::open(&data_dir, &OpenOptions::default()).await?;
            let index = app::search::SearchIndex::open(&db, &data_dir).await.context("search index")?;
            let t = queries::in_process(&db, &index, repeat).await;
            store::close(db).await?;
            let t = t?;
            if each {
                for (q, total, median, worst) in t.each() {
                    println!("{median:>9.2} ms {worst:>9.2} ms {total:>7} threads  {q}");
                }
            }
            let matched = t.totals.iter().filter(|&&n| n > 0).count();
            println!("queries: {} searches, {matched} with results, median {} threads found", t.totals.len(), median(&t.totals));
            line("index, counted (total, facets)", t.index_facets);
            line("index, best hits only", t.index_plain);
            line("search page data (index + database)", t.page_data);
        }
        Command::Http { addr, repeat, pid } => {
            line("search page over HTTP (rendered)", queries::over_http(&addr, repeat)?);
            if let Some(pid) = pid {
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).context("the server's /proc status")?;
                for l in status.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")) {
                    println!("server memory: {}", l.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
        }
        Command::Post { base, writers, replies, per_thread, mail_dirs } => {
            anyhow::ensure!(writers > 0 && per_thread > 0, "il faut au moins un rédacteur par fil");
            let options = posting::Options { base: base.trim_end_matches('/').to_string(), writers, replies, per_thread, mail_dirs };
            let report = posting::run(&options).await?;
            let n = report.latencies.len();
            let (p50, p99) = queries::percentiles(report.latencies);
            println!(
                "posting: {n} replies by {writers} writers in {:.1} s ({:.0} replies/s), p50 {p50:.1} ms, p99 {p99:.1} ms",
                report.elapsed.as_secs_f64(),
                n as f64 / report.elapsed.as_secs_f64()
            );
        }
    }
    Ok(())
}

fn median(values: &[u64]) -> u64 {
    let mut v = values.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}
