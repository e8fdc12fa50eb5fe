//! The preview's HTTP/1.1 server, on the standard library's sockets: what a local preview
//! needs (GET and HEAD, whole bodies with a `Content-Length`, one request per connection)
//! and the bounds that keep it answering whatever clients do. A request's head is read up
//! to [`MAX_HEAD`] bytes and for at most [`HEAD_TIMEOUT`]; connections wait in a queue of
//! [`QUEUE`] for one of a fixed pool of threads, and past it are closed at once; running
//! out of file descriptors (`EMFILE`) pauses accepting instead of ending it.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most bytes of a request line and headers; past it the answer is 431.
pub const MAX_HEAD: u64 = 16 << 10;
/// How long a connection may take to send its request's head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing an answer may stall before the connection is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a refused request's further bytes are read, so that the answer reaches it.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(1);
/// Connections accepted but not yet taken by a thread; more are closed at once.
pub const QUEUE: usize = 64;
/// How long accepting pauses when the system refuses a connection (no descriptor left).
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// One request as the preview needs it: no body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`…
    pub method: String,
    /// The request target, as sent (`/when-and-where/?x=1`).
    pub target: String,
    /// The `Last-Event-ID` header, which a reconnecting `EventSource` sends.
    pub last_event_id: Option<String>,
}

/// Why a request's head could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// Over [`MAX_HEAD`] bytes: answered 431.
    TooLarge,
    /// Not an HTTP request line: answered 400.
    Malformed,
    /// The client went away or sent nothing in time: no answer.
    Gone,
}

/// Listens on `address`; the error is the system's, for the command's message.
pub fn listen(address: (&str, u16)) -> io::Result<TcpListener> {
    TcpListener::bind(address)
}

/// Accepts connections for ever and hands each to a queue that `workers` threads read,
/// each calling `handle` for the connections it takes. Returns only if no thread could be
/// started.
pub fn run(
    listener: TcpListener,
    workers: usize,
    handle: impl Fn(TcpStream) + Send + Sync + 'static,
) -> io::Result<()> {
    let (queue, taken) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let taken = Arc::new(Mutex::new(taken));
    let handle = Arc::new(handle);
    let started: Vec<_> = (0..workers)
        .filter_map(|_| {
            let (taken, handle) = (taken.clone(), handle.clone());
            std::thread::Builder::new()
                .name("whenwhere-http".into())
                .spawn(move || work(&taken, &*handle))
                .ok()
        })
        .collect();
    if started.is_empty() {
        return Err(io::Error::other("cannot start a thread to answer requests"));
    }
    accept(&listener, &queue);
    Ok(())
}

fn work(taken: &Mutex<Receiver<TcpStream>>, handle: &(impl Fn(TcpStream) + ?Sized)) {
    loop {
        // A poisoned lock only means another worker panicked while waiting: go on.
        let next = taken.lock().unwrap_or_else(|e| e.into_inner()).recv();
        match next {
            Ok(stream) => handle(stream),
            Err(_) => return,
        }
    }
}

fn accept(listener: &TcpListener, queue: &SyncSender<TcpStream>) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => match queue.try_send(stream) {
                Ok(()) => {}
                // Every thread busy and the queue full: closing the connection (by
                // dropping it) is the answer; the browser tries again.
                Err(TrySendError::Full(_)) => {}
                Err(TrySendError::Disconnected(_)) => return,
            },
            // Out of descriptors (or memory, or a connection reset before it was
            // taken): wait for some to close rather than stop answering for good.
            Err(_) => std::thread::sleep(ACCEPT_PAUSE),
        }
    }
}

/// A connection read or written until a moment, however slowly the client trickles: each
/// call may wait only for what is left of the time.
struct Deadline<'s> {
    stream: &'s TcpStream,
    until: Instant,
}

impl Deadline<'_> {
    fn left(&self) -> io::Result<Duration> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() { Err(io::ErrorKind::TimedOut.into()) } else { Ok(left) }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        self.stream.read(buf)
    }
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// Reads one request's head from a connection, within [`MAX_HEAD`] and [`HEAD_TIMEOUT`]
/// in all.
pub fn read_request(stream: &TcpStream) -> Result<Request, BadRequest> {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = Deadline { stream, until: Instant::now() + HEAD_TIMEOUT };
    parse_head(BufReader::new(head.take(MAX_HEAD)))
}

/// Parses a request line and headers, up to the blank line that ends them.
pub fn parse_head(mut reader: impl BufRead) -> Result<Request, BadRequest> {
    let mut line = Vec::new();
    let mut used = 0;
    let mut next_line = |line: &mut Vec<u8>| -> Result<(), BadRequest> {
        line.clear();
        match reader.read_until(b'\n', line) {
            Ok(0) => Err(BadRequest::Gone),
            // Cut short: by the limit (the head did not end within it), or by the client.
            Ok(n) if !line.ends_with(b"\n") => {
                used += n as u64;
                Err(if used >= MAX_HEAD { BadRequest::TooLarge } else { BadRequest::Gone })
            }
            Ok(n) => {
                used += n as u64;
                line.pop();
                if line.ends_with(b"\r") {
                    line.pop();
                }
                Ok(())
            }
            Err(_) => Err(BadRequest::Gone),
        }
    };
    next_line(&mut line)?;
    let text = std::str::from_utf8(&line).map_err(|_| BadRequest::Malformed)?;
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Malformed);
    };
    if method.is_empty() || !target.starts_with('/') || !version.starts_with("HTTP/1.") {
        return Err(BadRequest::Malformed);
    }
    let mut request =
        Request { method: method.to_string(), target: target.to_string(), last_event_id: None };
    loop {
        next_line(&mut line)?;
        if line.is_empty() {
            return Ok(request);
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(BadRequest::Malformed);
        };
        if line[..colon].eq_ignore_ascii_case(b"last-event-id") {
            let value = String::from_utf8_lossy(&line[colon + 1..]);
            request.last_event_id = Some(value.trim().to_string());
        }
    }
}

/// An answer's status line and headers, every answer's own among them, ending the head;
/// `length` is the body's, when it is known.
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> String {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    let own = [("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")];
    for (name, value) in headers.iter().chain(&own) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    head
}

/// Writes a whole answer, within [`WRITE_TIMEOUT`] in all: its head and, unless
/// `head_only`, the body. The connection closes when it is dropped.
pub fn respond(
    stream: &TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) {
    let mut out = Deadline { stream, until: Instant::now() + WRITE_TIMEOUT };
    // A client that went away needs no answer.
    let _ = out.write_all(head(status, headers, Some(body.len())).as_bytes());
    if !head_only {
        let _ = out.write_all(body);
    }
    let _ = out.flush();
}

/// Ends the answer, then reads what the client still sends for a moment: closing with
/// unread bytes makes the system reset the connection, which can discard the answer
/// before the client reads it.
pub fn drain(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let rest = Deadline { stream, until: Instant::now() + DRAIN_TIMEOUT };
    let _ = io::copy(&mut rest.take(MAX_HEAD * 4), &mut io::sink());
}

/// The answer to a head that could not be read, if it gets one.
pub fn refuse(stream: &TcpStream, bad: BadRequest) {
    let (status, text): (u16, &[u8]) = match bad {
        BadRequest::TooLarge => (431, b"Request header fields too large\n"),
        BadRequest::Malformed => (400, b"Bad request\n"),
        BadRequest::Gone => return,
    };
    respond(stream, status, &[("Content-Type", "text/plain; charset=utf-8")], text, false);
    drain(stream);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_heads_are_read_within_their_bound() {
        let ok = "GET /a/?since=1-2 HTTP/1.1\r\nHost: x\r\nLast-Event-ID:  77-3 \r\n\r\n";
        let expected = Request {
            method: "GET".into(),
            target: "/a/?since=1-2".into(),
            last_event_id: Some("77-3".into()),
        };
        assert_eq!(parse_head(ok.as_bytes()), Ok(expected));
        let bare = "HEAD / HTTP/1.0\n\n";
        assert_eq!(parse_head(bare.as_bytes()).map(|r| r.method), Ok("HEAD".into()));
        let cases: [(&[u8], BadRequest); 6] = [
            (b"", BadRequest::Gone),
            (b"GET / HTTP/1.1\r\nHost: x\r\n", BadRequest::Gone),
            (b"GET /", BadRequest::Gone),
            (b"GET / HTTP/1.1 extra\r\n\r\n", BadRequest::Malformed),
            (b"GET x HTTP/1.1\r\n\r\n", BadRequest::Malformed),
            (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", BadRequest::Malformed),
        ];
        for (head, bad) in cases {
            assert_eq!(parse_head(head), Err(bad), "{:?}", String::from_utf8_lossy(head));
        }
        // A line end that never comes, within the limit as the server reads it.
        let endless = vec![b'a'; (MAX_HEAD * 4) as usize];
        let limited = BufReader::new(endless.as_slice().take(MAX_HEAD));
        assert_eq!(parse_head(limited), Err(BadRequest::TooLarge));
    }
}
