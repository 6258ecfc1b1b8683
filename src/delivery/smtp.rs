//! Sending over SMTP through a pool of our own, on lettre's connections.
//!
//! lettre's pool caps only the connections it keeps idle (a checkout with none idle opens
//! another, however many are in use), sends a NOOP on every checkout and never rotates a
//! connection. Here a semaphore bounds the connections in use, an idle connection is reused as
//! it is (a failure on a reused one is retried once on a fresh one, which is what the NOOP was
//! guarding against), and a connection is closed after `messages_per_connection` messages, as
//! relays cut long sessions. Every exchange has a time limit.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::{Mutex, Semaphore};

use crate::config::{SmtpSettings, SmtpTls};

/// An idle connection is not reused after this long (servers drop quiet sessions).
const IDLE_FOR: Duration = Duration::from_secs(50);

/// Why a message was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Try again later: a 4xx answer (421 "closing", 450 "mailbox busy" …), a timeout, a
    /// connection that failed.
    Transient(String),
    /// The server refused it for good (5xx): sending it again changes nothing.
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Transient(e) => write!(f, "temporary failure: {e}"),
            SendError::Permanent(e) => write!(f, "refused: {e}"),
        }
    }
}

struct Idle {
    conn: AsyncSmtpConnection,
    /// Messages sent on it so far.
    sent: u32,
    since: Instant,
}

/// A bounded pool of SMTP connections to one server.
pub struct SmtpPool {
    settings: SmtpSettings,
    hello: ClientId,
    permits: Semaphore,
    idle: Mutex<Vec<Idle>>,
}

impl SmtpPool {
    /// A pool for the configured server (nothing is opened until the first message).
    pub fn new(settings: SmtpSettings) -> Arc<SmtpPool> {
        Arc::new(SmtpPool {
            permits: Semaphore::new(settings.connections),
            settings,
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
        })
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.settings.timeout_secs)
    }

    /// Sends one message; `Ok` carries the server's answer to it (its queue id, usually).
    pub async fn send(
        &self,
        from: &Address,
        to: &Address,
        message: &[u8],
    ) -> Result<String, SendError> {
        let envelope = Envelope::new(Some(from.clone()), vec![to.clone()])
            .map_err(|e| SendError::Permanent(format!("envelope: {e}")))?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| SendError::Transient("the mail pool is closed".to_owned()))?;
        let reused = self.take_idle().await;
        let was_reused = reused.is_some();
        let mut idle = match reused {
            Some(idle) => idle,
            None => self.open().await?,
        };
        let mut outcome = self.exchange(&mut idle.conn, &envelope, message).await;
        // A reused connection the server had quietly closed: once more on a fresh one. Not after
        // a timeout: the server may have taken the message and be slow to say so.
        if was_reused && matches!(&outcome, Err(Exchange::Connection(_))) {
            idle = self.open().await?;
            outcome = self.exchange(&mut idle.conn, &envelope, message).await;
        }
        match outcome {
            Ok(answer) => {
                idle.sent += 1;
                self.give_back(idle).await;
                Ok(answer)
            }
            Err(Exchange::Refused(e)) => {
                // The session itself is fine after a refused message.
                self.give_back(idle).await;
                Err(e)
            }
            Err(Exchange::Connection(e) | Exchange::TimedOut(e)) => Err(SendError::Transient(e)),
        }
    }

    async fn take_idle(&self) -> Option<Idle> {
        let mut idle = self.idle.lock().await;
        while let Some(conn) = idle.pop() {
            if conn.since.elapsed() < IDLE_FOR && !conn.conn.has_broken() {
                return Some(conn);
            }
            // Too old to trust: dropped (closing it would wait on the server).
        }
        None
    }

    async fn give_back(&self, mut idle: Idle) {
        if idle.conn.has_broken() {
            return;
        }
        if idle.sent >= self.settings.messages_per_connection {
            let _ = tokio::time::timeout(self.timeout(), idle.conn.quit()).await;
            return;
        }
        idle.since = Instant::now();
        self.idle.lock().await.push(idle);
    }

    /// Opens, secures and logs in a connection.
    async fn open(&self) -> Result<Idle, SendError> {
        let s = &self.settings;
        let server = (s.host.as_str(), s.port);
        // Whatever goes wrong while connecting (refused, a 554 greeting, a 535 login, TLS)
        // concerns the server, not the message: the message waits and is tried again.
        let failed = |e: lettre::transport::smtp::Error| {
            SendError::Transient(format!("{}:{}: {e}", s.host, s.port))
        };
        let tls = || {
            TlsParameters::new(s.host.clone())
                .map_err(|e| SendError::Transient(format!("TLS setup for {}: {e}", s.host)))
        };
        let connect = async {
            let wrapper = match s.tls {
                SmtpTls::Wrapper => Some(tls()?),
                _ => None,
            };
            let mut conn = match wrapper {
                Some(tls) => AsyncSmtpConnection::connect_tokio1(
                    server,
                    Some(self.timeout()),
                    &self.hello,
                    Some(tls),
                    None,
                )
                .await
                .map_err(failed)?,
                // Our own socket, for TCP_NODELAY: lettre writes a message and its final dot
                // apart, and with Nagle's algorithm the dot waits for the server's delayed ACK
                // (~40 ms a message; a broadcast went at 25 messages a second a connection).
                None => {
                    let stream = connect_tcp(server, self.timeout())
                        .await
                        .map_err(|e| SendError::Transient(format!("{}:{}: {e}", s.host, s.port)))?;
                    AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello)
                        .await
                        .map_err(failed)?
                }
            };
            match s.tls {
                SmtpTls::Required | SmtpTls::Opportunistic if conn.can_starttls() => {
                    conn.starttls(tls()?, &self.hello).await.map_err(failed)?;
                }
                SmtpTls::Required => {
                    return Err(SendError::Transient(format!(
                        "{}:{} does not offer STARTTLS (set ?tls=opportunistic or ?tls=none in QIAO_SMTP_URL to send without it)",
                        s.host, s.port
                    )));
                }
                _ => {}
            }
            // A STARTTLS an attacker stripped must not cost the password: with credentials,
            // "opportunistic" still needs the encryption (only an explicit tls=none goes without).
            if s.credentials.is_some() && s.tls == SmtpTls::Opportunistic && !conn.is_encrypted() {
                return Err(SendError::Transient(format!(
                    "{}:{} offered no STARTTLS; the password is not sent in the clear",
                    s.host, s.port
                )));
            }
            if let Some((user, password)) = &s.credentials {
                let credentials = Credentials::new(user.clone(), password.expose().clone());
                conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                    .await
                    .map_err(failed)?;
            }
            Ok(conn)
        };
        let conn = tokio::time::timeout(self.timeout() * 2, connect)
            .await
            .map_err(|_| {
                SendError::Transient(format!("connecting to {}:{} timed out", s.host, s.port))
            })??;
        Ok(Idle {
            conn,
            sent: 0,
            since: Instant::now(),
        })
    }

    async fn exchange(
        &self,
        conn: &mut AsyncSmtpConnection,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<String, Exchange> {
        match tokio::time::timeout(self.timeout(), conn.send(envelope, message)).await {
            // The connection is dropped, not closed politely: QUIT could wait as long again.
            Err(_) => Err(Exchange::TimedOut(
                "the server did not answer in time".to_owned(),
            )),
            Ok(Ok(response)) => Ok(format!(
                "{} {}",
                response.code(),
                response.message().collect::<Vec<_>>().join(" ")
            )),
            // An answer with a code: the server said no.
            Ok(Err(e)) if e.status().is_some() => Err(Exchange::Refused(classify(&e))),
            // No answer (closed, reset, cut short).
            Ok(Err(e)) => Err(Exchange::Connection(e.to_string())),
        }
    }
}

/// How one exchange ended when it did not succeed.
enum Exchange {
    /// The server answered no.
    Refused(SendError),
    /// The connection failed (closed, reset, cut short) before any answer.
    Connection(String),
    /// No answer in time (the message may or may not have been taken).
    TimedOut(String),
}

fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

/// A TCP connection to the first address of `server` that answers within `timeout`, with
/// `TCP_NODELAY` set.
async fn connect_tcp(
    server: (&str, u16),
    timeout: std::time::Duration,
) -> std::io::Result<tokio::net::TcpStream> {
    let mut last = None;
    for addr in tokio::net::lookup_host(server).await? {
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Ok(Err(e)) => last = Some(e),
            Err(_) => {
                last = Some(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connection timed out",
                ));
            }
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no address to connect to")))
}
