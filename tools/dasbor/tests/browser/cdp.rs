//! Headless Chromium driven over the Chrome DevTools Protocol, on a pipe.
//!
//! Chromium started with `--remote-debugging-pipe` reads commands on file
//! descriptor 3 and writes answers and events on descriptor 4, each message
//! a JSON text ending with a NUL byte. So no debugging port is opened and no
//! WebSocket client is needed: `sh` puts our stdin pipe on descriptor 3 and
//! our stdout pipe on descriptor 4 (`3<&0 4>&1`) and then becomes Chromium
//! (`exec`). Puppeteer's `pipe: true` talks to Chromium the same way.
//!
//! Unlike `--dump-dom --virtual-time-budget`, which waits for the network
//! to go quiet (and an open `EventSource` never does), a DevTools client
//! asks the live page whatever it wants, whenever it wants, and it hears
//! every console message and uncaught exception as an event.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one DevTools command may take on a small, busy machine.
const COMMAND_PATIENCE: Duration = Duration::from_secs(60);

/// The flags every run uses. The first line keeps Chromium off the network:
/// no background requests, no component or sync downloads, no QUIC.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-default-browser-check",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    // Containers often have a small /dev/shm; Chromium then crashes.
    "--disable-dev-shm-usage",
    "--remote-debugging-pipe",
];

/// The Chromium program on `PATH`, if any.
pub fn find_chromium() -> Option<PathBuf> {
    if !cfg!(unix) {
        // The pipe needs `sh` and file descriptors 3 and 4.
        return None;
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A running headless Chromium; killed (if still running) when dropped.
pub struct Chromium {
    child: Child,
    commands: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    next_id: u64,
    /// Every event received so far, in order.
    events: Vec<Value>,
    /// What Chromium wrote on stderr (and its stdout), for failure reports.
    log: Arc<Mutex<String>>,
    profile: PathBuf,
}

impl Chromium {
    /// Starts `program` with a fresh, empty profile in `profile`.
    pub fn launch(program: &Path, profile: PathBuf) -> Result<Chromium, String> {
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let mut command = Command::new("sh");
        command
            .arg("-c")
            // fd 3 = our stdin pipe, fd 4 = our stdout pipe; Chromium's own
            // stdout goes to stderr, its stdin is empty.
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2"#)
            .arg(program)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("{} tidak bisa dijalankan: {e}", program.display()))?;
        let commands = child.stdin.take();
        let answers = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");

        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(answers);
            let mut message = Vec::new();
            while matches!(reader.read_until(0, &mut message), Ok(n) if n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && sender.send(value).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        let log = Arc::new(Mutex::new(String::new()));
        let writer = log.clone();
        std::thread::spawn(move || {
            let mut stderr = stderr;
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut chunk) {
                let mut log = writer.lock().unwrap();
                // Keep the start: the first lines say why a start failed.
                if log.len() < 64 * 1024 {
                    log.push_str(&String::from_utf8_lossy(&chunk[..n]));
                }
            }
        });
        let mut chromium =
            Chromium { child, commands, incoming, next_id: 0, events: Vec::new(), log, profile };
        chromium.call(None, "Browser.getVersion", json!({}))?;
        Ok(chromium)
    }

    /// What Chromium printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends one command (to the browser, or to the page of `session`) and
    /// waits for its answer; events that arrive meanwhile are kept.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        let commands = self.commands.as_mut().ok_or("Chromium sudah ditutup")?;
        commands
            .write_all(&bytes)
            .and_then(|()| commands.flush())
            .map_err(|e| format!("{method}: Chromium tidak menerima perintah ({e})"))?;

        let deadline = Instant::now() + COMMAND_PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(answer) if answer["id"] == id => {
                    return match answer.get("error") {
                        Some(error) => Err(format!("{method}: {error}")),
                        None => Ok(answer["result"].clone()),
                    };
                }
                Ok(other) => {
                    if other.get("method").is_some() {
                        self.events.push(other);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("{method}: tidak ada jawaban dalam {COMMAND_PATIENCE:?}"));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("{method}: Chromium berhenti\n{}", self.log()));
                }
            }
        }
    }

    /// Every event received so far (after taking what is waiting).
    pub fn events(&mut self) -> &[Value] {
        while let Ok(message) = self.incoming.try_recv() {
            if message.get("method").is_some() {
                self.events.push(message);
            }
        }
        &self.events
    }

    /// Closes the browser politely, then waits (and kills if needed).
    pub fn close(mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        self.commands = None;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        self.commands = None;
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// One tab, attached with its own DevTools session.
pub struct Tab {
    session: String,
}

impl Tab {
    /// Opens an empty tab of `width` x `height` CSS pixels (phone: `mobile`,
    /// with its device pixel ratio), with the console and the log watched.
    pub fn open(browser: &mut Chromium, viewport: Viewport) -> Result<Tab, String> {
        let target = browser.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        )?;
        let session = attached["sessionId"].as_str().ok_or("no sessionId")?.to_owned();
        let tab = Tab { session };
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            tab.call(browser, domain, json!({}))?;
        }
        // The book is Indonesian: the clock of western Indonesia (WIB).
        tab.call(
            browser,
            "Emulation.setTimezoneOverride",
            json!({ "timezoneId": "Asia/Jakarta" }),
        )?;
        tab.set_viewport(browser, viewport)?;
        Ok(tab)
    }

    fn call(&self, browser: &mut Chromium, method: &str, params: Value) -> Result<Value, String> {
        browser.call(Some(&self.session), method, params)
    }

    pub fn set_viewport(&self, browser: &mut Chromium, viewport: Viewport) -> Result<(), String> {
        self.call(
            browser,
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": viewport.width,
                "height": viewport.height,
                "deviceScaleFactor": viewport.scale,
                "mobile": viewport.mobile,
            }),
        )?;
        Ok(())
    }

    /// Loads `url` (returns once the navigation has started to commit).
    pub fn navigate(&self, browser: &mut Chromium, url: &str) -> Result<(), String> {
        let result = self.call(browser, "Page.navigate", json!({ "url": url }))?;
        match result.get("errorText") {
            Some(error) => Err(format!("{url}: {error}")),
            None => Ok(()),
        }
    }

    /// Evaluates a JavaScript expression in the page (awaiting a promise)
    /// and returns its value as JSON.
    pub fn eval(&self, browser: &mut Chromium, expression: &str) -> Result<Value, String> {
        let result = self.call(
            browser,
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(format!("JavaScript: {}", exception_text(details)));
        }
        Ok(result["result"]["value"].clone())
    }

    /// Waits until two frames have been drawn (after a change of layout).
    pub fn settle(&self, browser: &mut Chromium) -> Result<(), String> {
        self.eval(
            browser,
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))",
        )?;
        Ok(())
    }

    /// A PNG of the viewport (for the whole page, make the viewport as
    /// tall as the page first).
    pub fn screenshot(&self, browser: &mut Chromium) -> Result<Vec<u8>, String> {
        let result = self.call(browser, "Page.captureScreenshot", json!({ "format": "png" }))?;
        let data = result["data"].as_str().ok_or("captureScreenshot: no data")?;
        base64_decode(data).ok_or_else(|| "captureScreenshot: not base64".to_owned())
    }

    /// The console errors, uncaught exceptions, failed loads and crashes of
    /// this tab so far, one line each.
    pub fn problems(&self, browser: &mut Chromium) -> Vec<String> {
        let session = self.session.clone();
        browser
            .events()
            .iter()
            .filter(|event| event["sessionId"] == session.as_str())
            .filter_map(problem)
            .collect()
    }
}

/// The size of a tab's page.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub scale: f64,
    pub mobile: bool,
}

/// An event that means something went wrong on the page, as one line.
fn problem(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.exceptionThrown" => {
            Some(format!("pengecualian: {}", exception_text(&params["exceptionDetails"])))
        }
        "Runtime.consoleAPICalled"
            if matches!(params["type"].as_str(), Some("error" | "assert")) =>
        {
            let args: Vec<String> = params["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|arg| match arg.get("value") {
                    Some(Value::String(text)) => text.clone(),
                    Some(value) => value.to_string(),
                    None => arg["description"].as_str().unwrap_or("?").to_owned(),
                })
                .collect();
            Some(format!("console.{}: {}", params["type"].as_str()?, args.join(" ")))
        }
        "Log.entryAdded" if params["entry"]["level"] == "error" => {
            let entry = &params["entry"];
            Some(format!(
                "log ({}): {} {}",
                entry["source"].as_str().unwrap_or("?"),
                entry["text"].as_str().unwrap_or(""),
                entry["url"].as_str().unwrap_or("")
            ))
        }
        "Inspector.targetCrashed" => Some("tab crashed".to_owned()),
        _ => None,
    }
}

fn exception_text(details: &Value) -> String {
    details["exception"]["description"]
        .as_str()
        .or(details["text"].as_str())
        .unwrap_or("?")
        .to_owned()
}

/// Standard base64 (with padding), as DevTools sends binary data.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let text = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= value(c)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[test]
fn base64_decodes_every_padding() {
    assert_eq!(base64_decode("").unwrap(), b"");
    assert_eq!(base64_decode("Zg==").unwrap(), b"f");
    assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
    assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
    assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
    assert!(base64_decode("a*==").is_none());
}
