//! Static files handed to the kernel (`sendfile(2)`) instead of copied into
//! the socket, as nginx sends them.
//!
//! Why: serving the 152 KB brotli bundle, half the forum's CPU was that copy
//! (`_copy_from_iter` under `writev`, `scripts/profile.sh`), the one piece of
//! work nginx does not do, and the one most slowed by a busy machine's memory.
//!
//! How: `static_assets` keeps every form of every file in one buffer, and the
//! same bytes in a sealed in-memory file (`Region`: a memfd that can never be
//! written, grown or shrunk again). Every connection's writes pass through
//! `Connection`. A slice hyper hands over that lies inside the region's
//! buffer (a static file's body, sent as it is) goes out by `sendfile` from
//! the same offset of that file; whatever precedes it in the same write (the
//! response's head) is sent first, marked "more is coming" so that both
//! leave in one segment. Everything else is written as usual. The bytes on
//! the wire are the same either way; without a region (no memfd) files are
//! copied, as before.

use bytes::Bytes;
use rustix::fs::{MemfdFlags, SealFlags};
use rustix::net::{SendAncillaryBuffer, SendFlags};
use std::io::{self, IoSlice, Write};
use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Bytes held in memory and, identical, in a sealed in-memory file.
pub struct Region {
    bytes: Bytes,
    file: OwnedFd,
}

impl Region {
    pub fn new(bytes: Bytes) -> io::Result<Region> {
        let fd = rustix::fs::memfd_create("jonction-static-files", MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING)?;
        let mut file = std::fs::File::from(fd);
        file.write_all(&bytes)?;
        // From here on the kernel refuses any change: pages it is sending
        // from can never be overwritten under a response.
        rustix::fs::fcntl_add_seals(&file, SealFlags::SHRINK | SealFlags::GROW | SealFlags::WRITE | SealFlags::SEAL)?;
        Ok(Region { bytes, file: file.into() })
    }

    /// Where `buf` starts in the file, if it lies wholly inside the buffer.
    /// (The buffer lives as long as the region: no other allocation can
    /// share its addresses.)
    fn offset_of(&self, buf: &[u8]) -> Option<u64> {
        let (base, start) = (self.bytes.as_ptr() as usize, buf.as_ptr() as usize);
        let inside = !buf.is_empty() && start >= base && start + buf.len() <= base + self.bytes.len();
        inside.then(|| (start - base) as u64)
    }
}

/// The forum's TCP listener, handing out `Connection`s (for `axum::serve`).
pub struct Listener {
    tcp: TcpListener,
    region: Option<Arc<Region>>,
}

impl Listener {
    pub fn new(tcp: TcpListener, region: Option<Arc<Region>>) -> Listener {
        Listener { tcp, region }
    }
}

impl axum::serve::Listener for Listener {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Connection, SocketAddr) {
        // (axum's own accept loop: it waits and retries on errors.)
        let (stream, addr) = axum::serve::Listener::accept(&mut self.tcp).await;
        (Connection { stream, region: self.region.clone(), sent_from_region: 0 }, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

/// One client's connection.
pub struct Connection {
    stream: TcpStream,
    region: Option<Arc<Region>>,
    /// Bytes sent by `sendfile` so far.
    sent_from_region: u64,
}

/// What to do with the next write.
enum Next {
    /// No slice of it is in the region: write it all as usual.
    Copy,
    /// It starts with a slice of the region, at this offset of the file.
    SendFile(u64),
    /// Slices of the region come after its first `n` slices: send those first.
    SendHead(usize),
}

impl Connection {
    pub fn sent_from_region(&self) -> u64 {
        self.sent_from_region
    }

    fn next(&self, bufs: &[IoSlice<'_>]) -> Next {
        let Some(region) = &self.region else { return Next::Copy };
        let Some((i, offset)) = bufs.iter().enumerate().find_map(|(i, b)| region.offset_of(b).map(|o| (i, o))) else {
            return Next::Copy;
        };
        if bufs[..i].iter().all(|b| b.is_empty()) { Next::SendFile(offset) } else { Next::SendHead(i) }
    }

    /// Runs `send` when the socket can take more, until it does not block.
    fn poll_send(&self, cx: &mut Context<'_>, send: impl Fn(&TcpStream) -> rustix::io::Result<usize>) -> Poll<io::Result<usize>> {
        loop {
            ready!(self.stream.poll_write_ready(cx))?;
            match self.stream.try_io(Interest::WRITABLE, || Ok(send(&self.stream)?)) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                sent => return Poll::Ready(sent),
            }
        }
    }

    fn poll_send_file(&mut self, cx: &mut Context<'_>, offset: u64, len: usize) -> Poll<io::Result<usize>> {
        let region = self.region.clone().expect("a region");
        let sent = ready!(self.poll_send(cx, |stream| rustix::fs::sendfile(stream, &region.file, Some(&mut { offset }), len)))?;
        self.sent_from_region += sent as u64;
        Poll::Ready(Ok(sent))
    }

    fn poll_send_head(&mut self, cx: &mut Context<'_>, head: &[IoSlice<'_>]) -> Poll<io::Result<usize>> {
        self.poll_send(cx, |stream| {
            rustix::net::sendmsg(stream, head, &mut SendAncillaryBuffer::default(), SendFlags::MORE | SendFlags::NOSIGNAL)
        })
    }
}

impl AsyncRead for Connection {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.poll_write_vectored(cx, &[IoSlice::new(buf)])
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match this.next(bufs) {
            Next::Copy => Pin::new(&mut this.stream).poll_write_vectored(cx, bufs),
            Next::SendFile(offset) => {
                let len = bufs.iter().find(|b| !b.is_empty()).map_or(0, |b| b.len());
                this.poll_send_file(cx, offset, len)
            }
            Next::SendHead(n) => this.poll_send_head(cx, &bufs[..n]),
        }
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Bytes no two neighbouring pages of which are alike.
    fn pattern(len: usize) -> Bytes {
        (0..len).map(|i| (i * 31 % 251) as u8).collect::<Vec<u8>>().into()
    }

    #[test]
    fn the_file_holds_the_buffer_and_refuses_any_change() {
        let region = Region::new(pattern(100_000)).unwrap();
        let file = std::fs::File::from(region.file.try_clone().unwrap());
        let mut read = vec![0; 100_000];
        file.read_exact_at(&mut read, 0).unwrap();
        assert_eq!(read, region.bytes[..]);
        assert!(file.write_at(b"x", 10).is_err(), "sealed against writes");
        assert!(file.set_len(10).is_err(), "and against shrinking");
        assert_eq!(region.offset_of(&region.bytes[500..600]), Some(500));
        assert_eq!(region.offset_of(&pattern(10)[..]), None, "equal bytes elsewhere are not the region's");
        assert_eq!(region.offset_of(&region.bytes[7..7]), None, "nor is an empty slice");
    }

    /// Writes `parts` through `conn` as hyper does: vectored writes, each
    /// taking what the socket accepts, the rest offered again.
    async fn write_all(conn: &mut Connection, parts: &[&[u8]]) {
        let mut done = vec![0; parts.len()];
        loop {
            let bufs: Vec<IoSlice> = parts.iter().zip(&done).map(|(p, &d)| IoSlice::new(&p[d..])).collect();
            if bufs.iter().all(|b| b.is_empty()) {
                break;
            }
            let mut n = conn.write_vectored(&bufs).await.unwrap();
            assert!(n > 0);
            for (p, d) in parts.iter().zip(done.iter_mut()) {
                let take = n.min(p.len() - *d);
                *d += take;
                n -= take;
            }
        }
        conn.shutdown().await.unwrap();
    }

    /// A head, 4 MB from the region (far more than the socket holds: the
    /// kernel takes it in many calls, the reader late) and a tail, read back.
    async fn send_and_read(region: Option<Arc<Region>>, body: &Bytes) -> (Vec<u8>, u64) {
        let mut listener = Listener::new(TcpListener::bind("127.0.0.1:0").await.unwrap(), region);
        let addr = axum::serve::Listener::local_addr(&listener).unwrap();
        let reader = tokio::spawn(async move {
            let mut client = TcpStream::connect(addr).await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let mut received = Vec::new();
            client.read_to_end(&mut received).await.unwrap();
            received
        });
        let (mut conn, _) = axum::serve::Listener::accept(&mut listener).await;
        write_all(&mut conn, &[b"HTTP/1.1 200 OK\r\n\r\n", &[], body, b"tail"]).await;
        (reader.await.unwrap(), conn.sent_from_region())
    }

    #[tokio::test]
    async fn a_slice_of_the_region_goes_out_by_the_kernel_byte_for_byte() {
        let region = Arc::new(Region::new(pattern(4_200_000)).unwrap());
        let body = region.bytes.slice(1_001..4_199_993);
        let (received, by_kernel) = send_and_read(Some(region), &body).await;
        let expected = [&b"HTTP/1.1 200 OK\r\n\r\n"[..], &body, b"tail"].concat();
        assert!(received == expected, "{} bytes received, {} expected", received.len(), expected.len());
        assert_eq!(by_kernel, body.len() as u64, "the body, and only the body, by sendfile");
    }

    #[tokio::test]
    async fn without_a_region_the_same_bytes_are_copied() {
        let body = pattern(4_200_000);
        let (received, by_kernel) = send_and_read(None, &body).await;
        assert!(received == [&b"HTTP/1.1 200 OK\r\n\r\n"[..], &body, b"tail"].concat());
        assert_eq!(by_kernel, 0);
    }
}
