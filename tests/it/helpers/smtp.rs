//! A small SMTP receiver on 127.0.0.1 for the mail tests: EHLO/HELO, MAIL, RCPT, DATA (with
//! dot-unstuffing), RSET, NOOP, QUIT. It records every message it accepts; it can be stopped
//! (connections dropped) and started again on the same port, and slowed down.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub mail_from: String,
    /// The envelope recipients.
    pub rcpt_to: Vec<String>,
    /// The message as sent (after dot-unstuffing).
    pub data: Vec<u8>,
}

impl Received {
    /// The parsed message.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a parsable message")
    }

    /// A header's raw value.
    pub fn header(&self, name: &str) -> Option<String> {
        let text = String::from_utf8_lossy(&self.data);
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        head.split("\r\n").find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// A running receiver.
pub struct SmtpReceiver {
    /// Where it listens.
    pub addr: SocketAddr,
    messages: Arc<Mutex<Vec<Received>>>,
    delay: Arc<Mutex<Duration>>,
    tasks: JoinSet<()>,
}

impl SmtpReceiver {
    /// Listens on a free port.
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap(), Arc::default()).await
    }

    /// Listens on `addr`, recording into `messages` (to restart a stopped receiver).
    pub async fn start_on(addr: SocketAddr, messages: Arc<Mutex<Vec<Received>>>) -> Self {
        let listener = TcpListener::bind(addr)
            .await
            .expect("bind the SMTP receiver");
        let addr = listener.local_addr().unwrap();
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let mut tasks = JoinSet::new();
        let (m, d) = (messages.clone(), delay.clone());
        tasks.spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    break;
                };
                let (m, d) = (m.clone(), d.clone());
                conns.spawn(async move {
                    let _ = session(sock, m, d).await;
                });
            }
        });
        Self {
            addr,
            messages,
            delay,
            tasks,
        }
    }

    /// `smtp://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Waits this long before answering each DATA (to catch a worker mid-batch).
    pub fn slow_down(&self, d: Duration) {
        *self.delay.lock().unwrap() = d;
    }

    /// Everything received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// The shared record (to restart on the same port with [`SmtpReceiver::start_on`]).
    pub fn record(&self) -> Arc<Mutex<Vec<Received>>> {
        self.messages.clone()
    }

    /// Stops listening and drops every open connection.
    pub async fn stop(mut self) -> (SocketAddr, Arc<Mutex<Vec<Received>>>) {
        self.tasks.abort_all();
        while self.tasks.join_next().await.is_some() {}
        (self.addr, self.messages.clone())
    }

    /// Waits until at least `n` messages arrived (the bound, 5 minutes, only ends a hung test).
    pub async fn wait_for(&self, n: usize) {
        for _ in 0..30_000 {
            if self.messages.lock().unwrap().len() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("expected {n} messages, got {}", self.messages().len());
    }
}

async fn session(
    sock: TcpStream,
    messages: Arc<Mutex<Vec<Received>>>,
    delay: Arc<Mutex<Duration>>,
) -> std::io::Result<()> {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 127.0.0.1 ESMTP prachum-test\r\n").await?;
    let mut from = String::new();
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            w.write_all(b"250-127.0.0.1\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                .await?;
        } else if upper.starts_with("HELO") {
            w.write_all(b"250 127.0.0.1\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&cmd[10..]);
            rcpt.clear();
            w.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            rcpt.push(address(&cmd[8..]));
            w.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if r.read_until(b'\n', &mut l).await? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" {
                    break;
                }
                // Dot-unstuffing: a line starting with ".." was a line starting with ".".
                if l.starts_with(b"..") {
                    l.remove(0);
                }
                data.extend_from_slice(&l);
            }
            let d = *delay.lock().unwrap();
            if !d.is_zero() {
                tokio::time::sleep(d).await;
            }
            messages.lock().unwrap().push(Received {
                mail_from: from.clone(),
                rcpt_to: rcpt.clone(),
                data,
            });
            w.write_all(b"250 OK queued\r\n").await?;
        } else if upper.starts_with("RSET") {
            rcpt.clear();
            w.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("NOOP") {
            w.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("QUIT") {
            w.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            w.write_all(b"502 Command not implemented\r\n").await?;
        }
    }
}

fn address(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap_or_default()
        .to_owned()
}
