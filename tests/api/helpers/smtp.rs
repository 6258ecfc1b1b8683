//! A real SMTP server over TCP, in the test process: it speaks the protocol (EHLO, MAIL, RCPT,
//! DATA with dot-stuffing, RSET, NOOP, QUIT), keeps every message it accepts, and answers what
//! a test tells it to, so the mailer is tested against the wire and not against a stand-in.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message the server accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as it arrived, dot-stuffing undone, CRLF line ends.
    pub data: String,
    /// Which connection it came on (1, 2, …).
    pub connection: usize,
}

impl Received {
    /// A header's value (unfolded), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                // Unfolding keeps the white space (RFC 5322 2.2.3).
                if let Some(v) = value.as_mut() {
                    v.push(' ');
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }
}

impl Received {
    /// The subject, its RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded.
    pub fn subject(&self) -> String {
        use base64::Engine as _;
        let raw = self.header("Subject").unwrap_or_default();
        let mut out = String::new();
        for word in raw.split(' ') {
            let decoded = word
                .strip_prefix("=?utf-8?b?")
                .and_then(|w| w.strip_suffix("?="))
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                .and_then(|bytes| String::from_utf8(bytes).ok());
            match decoded {
                Some(text) => out.push_str(&text),
                None => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                    out.push(' ');
                }
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The body of the part with this content type, transfer encoding undone.
    pub fn part(&self, content_type: &str) -> Option<String> {
        use base64::Engine as _;
        let start = self.data.find(&format!("Content-Type: {content_type}"))?;
        let rest = &self.data[start..];
        let (head, body) = rest.split_once("\r\n\r\n")?;
        // The part ends at the next boundary: the top-level Content-Type's.
        let boundary = self
            .header("Content-Type")
            .and_then(|ct| {
                ct.split("boundary=")
                    .nth(1)
                    .map(|b| b.trim_matches(['"', ' ']).to_owned())
            })
            .map(|b| format!("\r\n--{b}"));
        let body = match &boundary {
            Some(b) => body.split(b.as_str()).next().unwrap_or(body),
            None => body,
        };
        if head.contains("Content-Transfer-Encoding: base64") {
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .ok()?;
            return String::from_utf8(bytes).ok();
        }
        if head.contains("Content-Transfer-Encoding: quoted-printable") {
            return Some(unquote(body));
        }
        Some(body.to_owned())
    }

    /// The first address in the plain-text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.part("text/plain")?;
        let at = text.find(prefix)?;
        let link: String = text[at..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '<' && *c != '"')
            .collect();
        Some(link)
    }
}

/// Quoted-printable decoded (soft line breaks joined, `=XX` bytes restored).
fn unquote(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let (b'=', Some(b)) = (bytes[i], hex) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    /// Answers to give to the next RCPT commands, in order, instead of 250.
    rcpt_answers: VecDeque<String>,
    /// Connections open now, and the most ever open at once.
    open: usize,
    most_open: usize,
}

/// The running server.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
    connections: Arc<AtomicUsize>,
}

impl SmtpServer {
    /// Listens on 127.0.0.1, on a port of its own.
    pub async fn start() -> SmtpServer {
        SmtpServer::start_on(0).await
    }

    /// Listens on 127.0.0.1:`port` (0: a port of its own): a server that comes back where
    /// one was down.
    pub async fn start_on(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = SmtpServer {
            port,
            state: Arc::default(),
            connections: Arc::default(),
        };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let number = s.connections.fetch_add(1, Ordering::SeqCst) + 1;
                let s = s.clone();
                tokio::spawn(async move { s.session(stream, number).await });
            }
        });
        server
    }

    /// The next RCPT commands get these answers (such as `421 4.3.2 try later` or
    /// `550 5.1.1 no such user`), one each, before the server goes back to accepting.
    pub fn answer_rcpt_with(&self, answers: &[&str]) {
        let mut state = self.state.lock().expect("state");
        state
            .rcpt_answers
            .extend(answers.iter().map(|a| (*a).to_owned()));
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("state").received.clone()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Settings that send here: plain text (it offers no STARTTLS), `connections` at once, a
    /// fresh connection after `per_connection` messages.
    pub fn settings(&self, connections: usize, per_connection: u32) -> qiao::config::SmtpSettings {
        qiao::config::SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: self.port,
            tls: qiao::config::SmtpTls::None,
            credentials: None,
            connections,
            messages_per_connection: per_connection,
            timeout_secs: 5,
        }
    }

    /// Waits (the app's mail worker runs every second) until `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..100 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{} messages arrived, expected {n}", self.received().len());
    }

    /// The most connections that were open at the same time.
    pub fn most_open_at_once(&self) -> usize {
        self.state.lock().expect("state").most_open
    }

    async fn session(&self, stream: tokio::net::TcpStream, number: usize) {
        {
            let mut state = self.state.lock().expect("state");
            state.open += 1;
            state.most_open = state.most_open.max(state.open);
        }
        let _ = self.converse(stream, number).await;
        self.state.lock().expect("state").open -= 1;
    }

    async fn converse(&self, stream: tokio::net::TcpStream, number: usize) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 test.invalid ESMTP ready\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let answer = match verb.as_str() {
                "EHLO" => "250-test.invalid\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10000000"
                    .to_owned(),
                "HELO" => "250 test.invalid".to_owned(),
                "MAIL" => {
                    from = address_in(&command);
                    to.clear();
                    "250 2.1.0 ok".to_owned()
                }
                "RCPT" => {
                    let scripted = self.state.lock().expect("state").rcpt_answers.pop_front();
                    match scripted {
                        Some(answer) => answer,
                        None => {
                            to.push(address_in(&command));
                            "250 2.1.5 ok".to_owned()
                        }
                    }
                }
                "DATA" if to.is_empty() => "503 5.5.1 no valid recipients".to_owned(),
                "DATA" => {
                    write.write_all(b"354 go ahead\r\n").await?;
                    let data = read_data(&mut lines).await?;
                    let mut state = self.state.lock().expect("state");
                    state.received.push(Received {
                        from: std::mem::take(&mut from),
                        to: std::mem::take(&mut to),
                        data,
                        connection: number,
                    });
                    format!("250 2.0.0 queued as T{}", state.received.len())
                }
                "RSET" => {
                    from.clear();
                    to.clear();
                    "250 2.0.0 ok".to_owned()
                }
                "NOOP" => "250 2.0.0 ok".to_owned(),
                "QUIT" => {
                    write.write_all(b"221 2.0.0 bye\r\n").await?;
                    return Ok(());
                }
                _ => "502 5.5.2 unknown command".to_owned(),
            };
            write.write_all(format!("{answer}\r\n").as_bytes()).await?;
        }
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn address_in(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

/// The message after DATA, up to the line with a single dot; leading dots unstuffed.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut R) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(data);
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(data);
        }
        let line = line.strip_prefix('.').unwrap_or(&line);
        data.push_str(line.trim_end_matches(['\r', '\n']));
        data.push_str("\r\n");
    }
}

/// The app `builder` describes, sending its mail to a server of its own.
pub async fn app_with_mail(builder: super::AppBuilder) -> (super::TestApp, SmtpServer) {
    let server = SmtpServer::start().await;
    let settings = server.settings(2, 100);
    let app = builder.configure(move |s| s.smtp = Some(settings)).await;
    (app, server)
}
