//! A backup taken while the writer keeps committing: every row committed
//! before it started is in it, and the writer's commits are not held up
//! (the slowest one during the backup is printed).

use super::{PAGES_PER_STEP, backup_file};
use crate::queue::{Outgoing, Queue, SqliteQueue};
use crate::sqlite::{Db, Durability};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn message(n: usize) -> Outgoing {
    Outgoing {
        group: format!("g{}", n % 50),
        dedupe_id: format!("m{n}"),
        body: format!("{n:0>1000}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_writing_keeps_earlier_rows_and_does_not_stall_the_writer() {
    let dir =
        std::env::temp_dir().join(format!("synclane-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("live.db");
    let db = Db::open_with(&source, Durability::Process).unwrap();
    let queue = SqliteQueue::new(db, 5);
    const BEFORE: usize = 6000;
    for chunk in (0..BEFORE).collect::<Vec<_>>().chunks(500) {
        queue
            .send_batch(chunk.iter().map(|&n| message(n)).collect())
            .await
            .unwrap();
    }

    // The writer commits one message at a time; its slowest commit is kept
    // apart for the time before the backup (the baseline) and during it.
    let (stop, backing_up) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let writer = tokio::spawn({
        let (queue, stop, backing_up) = (queue.clone(), stop.clone(), backing_up.clone());
        async move {
            let (mut n, mut during, mut slowest) = (BEFORE, 0, [Duration::ZERO; 2]);
            while !stop.load(Ordering::Relaxed) {
                let phase = usize::from(backing_up.load(Ordering::Relaxed));
                let started = Instant::now();
                queue.send(message(n)).await.unwrap();
                slowest[phase] = slowest[phase].max(started.elapsed());
                during += phase;
                n += 1;
            }
            (during, slowest)
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    backing_up.store(true, Ordering::Relaxed);
    let out = dir.join("backup.db");
    let report = {
        let (source, out) = (source.clone(), out.clone());
        tokio::task::spawn_blocking(move || backup_file(&source, &out))
            .await
            .unwrap()
            .unwrap()
    };
    stop.store(true, Ordering::Relaxed);
    let (during, [baseline, slowest]) = writer.await.unwrap();
    println!(
        "backup of {} pages in {} steps took {:?}; {during} commits meanwhile, the slowest {slowest:?} (before it: {baseline:?})",
        report.pages, report.steps, report.elapsed
    );
    assert!(
        report.steps > 1,
        "copied in steps of {PAGES_PER_STEP} pages"
    );
    assert!(during > 0, "the writer committed during the backup");
    assert!(
        slowest < Duration::from_secs(1),
        "the writer was held up {slowest:?}"
    );
    let copy = rusqlite::Connection::open(&out).unwrap();
    let rows: i64 = copy
        .query_row(
            "SELECT COUNT(*) FROM queue_messages WHERE CAST(body AS INTEGER) < ?1",
            [BEFORE as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        rows, BEFORE as i64,
        "every row committed before the backup is in it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
