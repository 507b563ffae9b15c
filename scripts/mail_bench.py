#!/usr/bin/env python3
"""Mail benchmark (run by scripts/mail-bench.sh): a new thread in a tag with N
subscribers (10 000 by default).

Measures, against the real `jonction serve` and a real SMTP server on loopback
(scripts/smtp-sink.py, aiosmtpd):
  - the latency of the posting request (POST /new, until its 303), in a tag
    nobody follows and in the tag with N followers, and in the quiet tag again
    while the N mails are being queued and sent;
  - the time from that post until every one of the N mails is queued;
  - the delivery rate to the SMTP server (mails accepted per second).

Everything runs on loopback; the data directory is a fresh one under --work.
"""

import argparse
import http.cookiejar
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "une phrase de passe pour le banc"


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def post(opener, base, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Origin": base})
    started = time.perf_counter()
    try:
        opener.open(req)
        status = 200
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.perf_counter() - started


def thread_fields(title, solution):
    return [("title", title), ("body", "Texte du banc d’essai."), ("solution", solution), ("solution_version", ""),
            ("standard", "wfs"), ("standard_clause", ""), ("intent", "publish")]


def count(db, sql):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def wait_until(check, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(step)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--subscribers", type=int, default=10_000)
    p.add_argument("--samples", type=int, default=15)
    args = p.parse_args()

    data = os.path.join(args.work, "data")
    mail_dir = os.path.join(args.work, "mail")
    os.makedirs(data)
    run = lambda *a, **kw: subprocess.run([args.binary, *a, "--data-dir", data], check=True, capture_output=True, **kw)
    run("seed-demo")
    run("create-admin", "--email", "banc@exemple.fr", "--name", "Banc d’essai",
        env={**os.environ, "JONCTION_ADMIN_PASSWORD": PASSWORD})
    db = os.path.join(data, "jonction.sqlite3")
    conn = sqlite3.connect(db)
    with conn:
        tag = conn.execute("SELECT id FROM tags WHERE slug = 'geoserver'").fetchone()[0]
        for i in range(args.subscribers):
            cur = conn.execute(
                "INSERT INTO users (email, display_name, role, created_at, email_verified_at) VALUES (?, ?, 'member', 0, 0)",
                (f"abonne{i:05d}@exemple.fr", f"Abonné {i}"))
            conn.execute("INSERT INTO subscriptions (user_id, target, tag_id, level, created_at) VALUES (?, ?, ?, 'watching', 0)",
                         (cur.lastrowid, f"tag:{tag}", tag))
        quiet = conn.execute("SELECT COUNT(*) FROM subscriptions s JOIN tags t ON t.id = s.tag_id WHERE t.slug IN ('pygeoapi', 'wfs')").fetchone()[0]
    conn.close()
    assert quiet == 0, "the quiet tags must have no follower"

    smtp_port, port = free_port(), free_port()
    sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/smtp-sink.py"), "--port", str(smtp_port), "--dir", mail_dir],
                            stdout=subprocess.PIPE, text=True)
    assert sink.stdout.readline().startswith("ready")
    env = {**os.environ, "JONCTION_DATA_DIR": data, "LEPTOS_SITE_ADDR": f"127.0.0.1:{port}", "LEPTOS_SITE_ROOT": os.path.join(args.work, "site"),
           "JONCTION_SMTP_HOST": "127.0.0.1", "JONCTION_SMTP_PORT": str(smtp_port), "JONCTION_SMTP_TLS": "none", "RUST_LOG": "warn"}
    server = subprocess.Popen([args.binary, "serve"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _up(base), 60, 0.2)
        opener = client()
        status, _ = post(opener, base, "/login", [("email", "banc@exemple.fr"), ("password", PASSWORD)])
        assert status == 303, status

        def quiet_posts(label):
            times = []
            for i in range(args.samples):
                status, t = post(opener, base, "/new", thread_fields(f"Fil calme {label} {i}", "pygeoapi"))
                assert status == 303, status
                times.append(t)
            return times

        quiet_posts("échauffement")
        before = quiet_posts("avant")
        sent_kind = "SELECT COUNT(*) FROM mails WHERE kind = 'new_thread' AND status = 'sent'"
        queued_kind = "SELECT COUNT(*) FROM mails WHERE kind = 'new_thread'"
        status, busy_latency = post(opener, base, "/new", thread_fields("Fil suivi par tous", "geoserver"))
        posted = time.monotonic()
        assert status == 303, status
        during = quiet_posts("pendant")
        wait_until(lambda: count(db, queued_kind) >= args.subscribers, 600)
        queued_after = time.monotonic() - posted
        wait_until(lambda: count(db, sent_kind) >= 1, 120)
        first_sent = time.monotonic()
        wait_until(lambda: count(db, sent_kind) >= args.subscribers, 3600, 0.5)
        delivery = time.monotonic() - first_sent
        received = len([n for n in os.listdir(mail_dir) if n.endswith(".eml")])
        rss_kb = int(open(f"/proc/{server.pid}/status").read().split("VmHWM:")[1].split()[0])

        ms = lambda xs: f"médiane {statistics.median(xs) * 1000:.1f} ms, p90 {sorted(xs)[int(len(xs) * 0.9) - 1] * 1000:.1f} ms"
        print(f"Abonnés au tag : {args.subscribers}")
        print(f"POST /new, tag sans abonné ({args.samples} fils)          : {ms(before)}")
        print(f"POST /new, tag à {args.subscribers} abonnés (1 fil)          : {busy_latency * 1000:.1f} ms")
        print(f"POST /new, tag sans abonné, pendant l’envoi ({args.samples}) : {ms(during)}")
        print(f"Tous les courriels en file après                   : {queued_after:.1f} s ({args.subscribers / queued_after:.0f} courriels/s)")
        print(f"Remise au serveur SMTP local                       : {args.subscribers} en {delivery:.1f} s, {args.subscribers / delivery:.0f} courriels/s")
        print(f"Reçus par le serveur SMTP                          : {received}")
        print(f"Mémoire du serveur (pic, VmHWM)                    : {rss_kb / 1024:.0f} Mo")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=30)


def _up(base):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=2)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    main()
