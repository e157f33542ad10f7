//! Headless Chromium for the console's browser tests, driven through
//! ChromeDriver (Debian's `chromium` and `chromium-driver`, which the test
//! command installs) with fantoccini. Each `Browser` has its own driver
//! process and profile directory; pages' screenshots are kept as test
//! artefacts in `target/browser-artefacts/<test>/`.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub struct Browser {
    pub client: Client,
    driver: Child,
    artefacts: PathBuf,
    shots: usize,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A fresh browser; `test` names the artefact folder.
    pub async fn start(test: &str) -> Browser {
        let port = super::process::free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; infra/test.sh installs it)");
        let profile = tempfile::tempdir().unwrap();
        // The flags keep Chromium off the network this machine closes
        // (background updates, sync, QUIC) and let it run as root.
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": "/usr/bin/chromium", "args": args}),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::rustls()
                .unwrap()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no WebDriver session at {url}: {e}"),
            }
        };
        let artefacts = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/browser-artefacts")
            .join(test);
        std::fs::create_dir_all(&artefacts).unwrap();
        Browser {
            client,
            driver,
            artefacts,
            shots: 0,
            _profile: profile,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// The element with this CSS selector (waits for it to appear).
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let wait = self.client.wait().for_element(Locator::Css(css));
        match tokio::time::timeout(Duration::from_secs(10), wait).await {
            Ok(Ok(element)) => element,
            _ => {
                // The page as it was, for whoever reads the failure.
                let source = self.client.source().await.unwrap_or_default();
                let file = self.artefacts.join("failure.html");
                std::fs::write(&file, &source).unwrap();
                panic!(
                    "no {css} on {} (page kept in {})",
                    self.path().await,
                    file.display()
                )
            }
        }
    }

    /// Whether an element with this selector is on the page now.
    pub async fn has(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Replaces an input's value.
    pub async fn fill(&self, css: &str, value: &str) {
        let input = self.find(css).await;
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }

    /// Clicks; for a link or a button (which load a new page) also waits
    /// until the old page is gone, so that the next `find` cannot see it.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let tag = element.tag_name().await.unwrap().to_ascii_lowercase();
        let old_page = self.client.find(Locator::Css("html")).await.unwrap();
        element.click().await.unwrap();
        if tag != "a" && tag != "button" {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while old_page.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "clicking {css} loaded no new page"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Saves the page's screenshot as `NN-name.png`.
    pub async fn shot(&mut self, name: &str) {
        self.shots += 1;
        let png = self.client.screenshot().await.unwrap();
        let file = self.artefacts.join(format!("{:02}-{name}.png", self.shots));
        std::fs::write(file, png).unwrap();
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}
