//! A real SMTP server on loopback: `scripts/smtp-sink.py` (PyPI aiosmtpd
//! 1.4.6, installed by scripts/setup.sh), writing each accepted message to
//! a directory, and told to fail when a test needs it.

#![allow(dead_code)]

use crate::mailbox::Mail;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Sink {
    pub fn start(args: &[&str]) -> Self {
        Self::start_on(free_port(), args)
    }

    /// On `port`, once it listens.
    pub fn start_on(port: u16, args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/smtp-sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--port")
            .arg(port.to_string())
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.starts_with("ready"), "the SMTP sink did not start (is aiosmtpd installed? scripts/setup.sh installs it): {line:?}");
        Self { child, port, dir }
    }

    /// Every message received, in the order received.
    pub fn mails(&self) -> Vec<Mail> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            // `.NAME.eml` is a message being written, renamed to `NAME.eml` once whole.
            .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
            .collect();
        files.sort();
        files.iter().map(|p| Mail::parse(&std::fs::read(p).unwrap())).collect()
    }

    /// Stops it (SIGKILL: a crashed server).
    pub fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.kill();
    }
}
