"""What a career-centre server may contact for a seeker: admin-listed job boards, known or
allowed IMAP hosts, and never an internal address, checked on the address it connects to.
Names are resolved by a stub here; the only real connections go to 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Sequence

import httpx
import pytest

from doorajar.boards import clients
from doorajar.boards.postings import Board, BoardError
from doorajar.errors import InvalidInput, MailError
from doorajar.mail import sources
from doorajar.mail.presets import server_imap_hosts
from doorajar.netpolicy import GuardedTransport, NetPolicy, Refused
from doorajar.people.watch import WatchService
from doorajar.service import Tracker
from tests.boards_server import BoardServer
from tests.helpers import Cli
from tests.servers import DovecotServer, dovecot, imap_account, oauth_server, tls_cert  # noqa: F401
from tests.watch_helpers import JOBS, point_at, rejected_at_acme


class Dns:
    """A resolver stub: the answers for each name, in turn, and the names asked."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        turns = self.answers.get(host, [[]])
        return turns[0] if len(turns) == 1 else turns.pop(0)


def policy(
    dns: Dns | None = None,
    *,
    board_bases: Sequence[str] = (),
    imap_hosts: Sequence[str] = (),
    allow_networks: Sequence[str] = (),
) -> NetPolicy:
    """The admin's lists, with names resolved by the stub."""
    return NetPolicy.make(
        board_bases=board_bases,
        imap_hosts=imap_hosts,
        allow_networks=allow_networks,
        resolver=dns or Dns({}),
    )


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "not public"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::5", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 around 10.0.0.1
    ],
)
def test_internal_addresses_are_refused(address: str, why: str) -> None:
    with pytest.raises(Refused, match=f"is a {why} address"):
        policy().address(address, 80)


def test_a_public_address_and_an_allowed_network_pass() -> None:
    assert policy().address("93.184.216.34", 443) == "93.184.216.34"
    assert policy().address("2606:4700::1111", 443) == "2606:4700::1111"
    inside = policy(allow_networks=["10.20.0.0/16", "127.0.0.1/32"])
    assert inside.address("10.20.3.4", 993) == "10.20.3.4"
    assert inside.address("::ffff:127.0.0.1", 993) == "::ffff:7f00:1"
    with pytest.raises(Refused):
        inside.address("10.21.0.1", 993)


def test_a_name_is_judged_by_every_address_it_resolves_to() -> None:
    dns = Dns(
        {
            "jobs.example": [["93.184.216.34"]],
            "intranet.example": [["10.0.0.7"]],
            "both.example": [["93.184.216.34", "192.168.1.1"]],
        }
    )
    p = policy(dns)
    assert p.address("jobs.example", 443) == "93.184.216.34"
    with pytest.raises(Refused, match=r"intranet\.example \(it resolves to 10\.0\.0\.7\)"):
        p.address("intranet.example", 443)
    with pytest.raises(Refused, match=r"192\.168\.1\.1"):
        p.address("both.example", 443)
    with pytest.raises(Refused, match="does not resolve"):
        p.address("nowhere.example", 443)


def test_the_admin_lists_are_checked_and_read_forgivingly() -> None:
    p = policy(
        board_bases=["https://Boards-API.example.com/", "http://10.0.0.2:8080/ats"],
        imap_hosts=list(server_imap_hosts(("Mail.Uni.example",))),
    )
    p.check_board_base("https://boards-api.example.com")
    p.check_board_base("http://10.0.0.2:8080/ats/")
    for url in ("https://evil.example", "https://boards-api.example.com.evil.example",
                "http://10.0.0.2:8080/other"):  # fmt: skip
        with pytest.raises(Refused, match="only an administrator can add one"):
            p.check_board_base(url)
    p.check_imap_host("imap.gmail.com")
    p.check_imap_host("mail.uni.example")
    for host in ("127.0.0.1", "imap.attacker.example"):  # Proton's Bridge is not a server's
        with pytest.raises(Refused, match="ask an administrator to allow it"):
            p.check_imap_host(host)
    with pytest.raises(InvalidInput, match="not a network"):
        NetPolicy.make(allow_networks=["10.0.0.0/33"])
    with pytest.raises(InvalidInput, match="base URL"):
        NetPolicy.make(board_bases=["file:///etc/passwd"])
    with pytest.raises(InvalidInput, match="bare host name"):
        NetPolicy.make(imap_hosts=["imap://x@host"])


# --- HTTP: every request and redirect goes to the address that was checked --------------


def recording(answers: dict[str, httpx.Response]) -> tuple[list[httpx.Request], GuardedTransport]:
    """A guarded transport whose network is a stub answering by path."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.get(request.url.path, httpx.Response(200, json={"ok": True}))

    return seen, GuardedTransport(
        policy(Dns({"jobs.example": [["93.184.216.34"]], "meta.example": [["169.254.169.254"]]})),
        lambda: httpx.MockTransport(handler),
    )


def test_a_request_goes_to_the_checked_address_with_its_own_name() -> None:
    seen, transport = recording({})
    with httpx.Client(transport=transport) as client:
        assert client.get("https://jobs.example/v1/boards/acme/jobs").json() == {"ok": True}
    (sent,) = seen
    assert sent.url.host == "93.184.216.34"
    assert sent.headers["host"] == "jobs.example"
    assert sent.extensions["sni_hostname"] == "jobs.example"


def test_a_redirect_to_an_internal_address_is_refused_before_it_is_sent() -> None:
    hop = {
        "/to-name": httpx.Response(302, headers={"location": "http://meta.example/latest"}),
        "/to-ip": httpx.Response(301, headers={"location": "http://127.0.0.1:8080/admin"}),
    }
    seen, transport = recording(hop)
    with httpx.Client(transport=transport, follow_redirects=True) as client:
        with pytest.raises(Refused, match=r"169\.254\.169\.254"):
            client.get("https://jobs.example/to-name")
        with pytest.raises(Refused, match=r"127\.0\.0\.1 is a loopback address"):
            client.get("https://jobs.example/to-ip")
    assert [r.url.path for r in seen] == ["/to-name", "/to-ip"]  # the hops were never sent


def test_a_name_is_resolved_once_so_a_changed_answer_cannot_swap_the_address() -> None:
    # DNS rebinding: public for the check, loopback a moment later
    dns = Dns({"rebind.example": [["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]]})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    transport = GuardedTransport(policy(dns), lambda: httpx.MockTransport(handler))
    with httpx.Client(transport=transport) as client:
        client.get("http://rebind.example/jobs")
        with pytest.raises(Refused, match=r"127\.0\.0\.1"):
            client.get("http://rebind.example/jobs")
    assert dns.asked == ["rebind.example", "rebind.example"]
    assert [r.url.host for r in seen] == ["93.184.216.34"]


# --- the board clients, against a job-board server on 127.0.0.1 -------------------------


def greenhouse(server: BoardServer, p: NetPolicy, base: str) -> list[str]:
    server.serve("greenhouse", "acme", [{"id": 1, "title": "Data Analyst",
                                         "posted": "2026-11-20T10:00:00Z"}])  # fmt: skip
    config = clients.FetchConfig(base_urls={"greenhouse": base}, retries=0, policy=p)
    listing = clients.fetch(Board("greenhouse", "acme"), config)
    return [post.title for post in listing.postings]


def test_board_clients_fetch_an_allowed_board_by_name(board_server: BoardServer) -> None:
    port = board_server.base.rsplit(":", 1)[1]
    base = f"http://boards.example:{port}"
    dns = Dns({"boards.example": [["127.0.0.1"]]})
    allowed = policy(dns, board_bases=[base], allow_networks=["127.0.0.1/32"])
    assert greenhouse(board_server, allowed, base) == ["Data Analyst"]
    assert board_server.requests[-1].headers["host"] == f"boards.example:{port}"


def test_board_clients_refuse_an_unlisted_base_or_an_internal_board(
    board_server: BoardServer,
) -> None:
    port = board_server.base.rsplit(":", 1)[1]
    base = f"http://boards.example:{port}"
    dns = Dns({"boards.example": [["127.0.0.1"]]})
    with pytest.raises(BoardError, match="not on this server's list"):
        greenhouse(board_server, policy(dns, board_bases=["https://api.example"]), base)
    with pytest.raises(BoardError, match="loopback address"):
        greenhouse(board_server, policy(dns, board_bases=[base]), base)
    assert board_server.requests == []
    # local mode is unchanged: no policy, no rule
    config = clients.FetchConfig(base_urls={"greenhouse": board_server.base}, retries=0)
    assert clients.fetch(Board("greenhouse", "acme"), config).postings


# --- IMAP ---------------------------------------------------------------------------------


def test_imap_refuses_an_unknown_or_internal_host_without_contacting_it() -> None:
    dns = Dns({"mail.uni.example": [["10.4.0.9"]]})
    p = policy(dns, imap_hosts=list(server_imap_hosts(("mail.uni.example",))))
    with pytest.raises(MailError, match="not one this server may contact"):
        sources.imap_connect(sources.parse_imap_uri("imaps://me@imap.intra.example/INBOX"),
                             policy=p)  # fmt: skip
    with pytest.raises(MailError, match=r"10\.4\.0\.9"):
        sources.ImapSource.from_uri("imaps://me@mail.uni.example/INBOX", policy=p).read(
            sources.Progress(), frozenset()
        ).__next__()
    assert dns.asked == ["mail.uni.example"]


@pytest.mark.imap
def test_imap_connects_to_the_checked_address_and_checks_the_certificate_by_name(
    imap_account: DovecotServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_account.cert_path))
    monkeypatch.setenv("AJAR_IMAP_PASSWORD", imap_account.password)
    port = imap_account.imaps_port
    dns = Dns({"localhost": [["127.0.0.1"]], "mail.example": [["127.0.0.1"]]})
    p = policy(dns, imap_hosts=["localhost", "mail.example"], allow_networks=["127.0.0.1/32"])
    target = sources.parse_imap_uri(f"imaps://{imap_account.user}@localhost:{port}/INBOX")
    client, _ = sources.imap_connect(target, policy=p)
    assert client.select_folder("INBOX", readonly=True)
    client.logout()
    # the certificate is made out to localhost and 127.0.0.1: reached as mail.example, the
    # name is what is checked, not the address the socket went to
    other = sources.parse_imap_uri(f"imaps://{imap_account.user}@mail.example:{port}/INBOX")
    with pytest.raises(MailError, match="made out to another name"):
        sources.imap_connect(other, policy=p)
    # and without the admin allowing loopback, nothing is contacted
    with pytest.raises(MailError, match="loopback"):
        sources.imap_connect(target, policy=policy(dns, imap_hosts=["localhost"]))
    assert json.dumps(dns.asked) == '["localhost", "mail.example", "localhost"]'


def test_the_watch_hands_its_policy_to_the_board_clients(
    tracker: Tracker, cli: Cli, board_server: BoardServer
) -> None:
    rejected_at_acme(cli)
    point_at(board_server)
    board_server.serve("greenhouse", "acme", JOBS)
    cli.ok("watch", "on")
    cli.ok("watch", "add", "Acme Robotics", "--board", "greenhouse:acme")
    listed = policy(board_bases=[board_server.base])  # listed, but on loopback
    (checked,) = WatchService(tracker.unit, policy=listed).check()
    assert checked.status == "error"
    assert "127.0.0.1 is a loopback address" in checked.message
    assert board_server.requests == []
