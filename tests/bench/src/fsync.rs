//! The disk's own fsync latency, measured beside a benchmark: a thread
//! writes 4 KiB and fsyncs it every 50 ms until stopped (light enough not to
//! load the disk it measures), so a figure that
//! waits on fsync (a durable ack) can be read against what the disk gave at
//! that moment.

use hdrhistogram::Histogram;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub struct FsyncProbe {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Histogram<u64>>,
}

impl FsyncProbe {
    /// Starts probing with a file at `path`.
    pub fn start(path: PathBuf) -> FsyncProbe {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut file = std::fs::File::create(&path).expect("the probe's file");
            let block = [7u8; 4096];
            let mut latencies = Histogram::<u64>::new(3).expect("a histogram");
            while !flag.load(Ordering::Relaxed) {
                let started = Instant::now();
                file.write_all(&block).expect("write");
                file.sync_data().expect("fsync");
                latencies
                    .record(started.elapsed().as_micros() as u64)
                    .expect("in range");
                std::thread::sleep(Duration::from_millis(50));
            }
            latencies
        });
        FsyncProbe { stop, thread }
    }

    /// Stops probing; the latencies in microseconds.
    pub fn stop(self) -> Histogram<u64> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("the probe thread")
    }
}
