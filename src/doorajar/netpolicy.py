"""What a career-centre server may contact on a seeker's behalf.

In server mode a seeker's settings must not reach the centre's own network: the address of
an IMAP server or a job board is typed by someone the centre does not control. A
`NetPolicy` decides, before any connection:

- a job board's base URL must be one of the admin's list (`check_board_base`);
- an IMAP host must be a known provider's or on the admin's allowlist (`check_imap_host`);
- every address the name resolves to must be a public unicast one (`address`): private,
  shared (100.64/10), loopback, link-local, multicast, reserved and unspecified addresses
  are refused, also when wrapped in IPv6 (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, Teredo,
  NAT64), unless they lie in a network the admin allows.

The name is resolved once, and the connection goes to the address that was checked, so a
DNS answer that changes between the check and the connect (DNS rebinding) cannot swap it.
`GuardedTransport` does this for httpx, for every request including each redirect it
follows, and keeps TLS checking the certificate against the host name; `pinned_tls` gives
an `ssl.SSLContext` that does the same for a connection made to an address (IMAP).

Local mode uses no policy: nothing here runs unless a caller hands a policy in.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from doorajar.errors import DoorajarError, InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(DoorajarError):
    """The server's rules forbid contacting this host or address."""

    http_status = 403


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for a host, each once, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _inner(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def why_internal(ip: IPAddress) -> str | None:
    """What makes an address one a server must not reach for a seeker ('loopback',
    'private', …), or None for a public unicast address."""
    for a in dict.fromkeys((_inner(ip), ip)):
        if a.is_loopback:
            return "loopback"
        if a.is_link_local:
            return "link-local"
        if a.is_multicast:
            return "multicast"
        if a.is_unspecified:
            return "unspecified"
        if a.is_reserved:
            return "reserved"
        if a.is_private:
            return "private"
        if not a.is_global:
            return "not public"
    return None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _base(url: str) -> str:
    """A base URL as it is compared: scheme and host in lower case, no trailing slash."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


@dataclass(frozen=True)
class NetPolicy:
    """The admin's rules for outgoing connections in server mode (see the module's doc)."""

    board_bases: frozenset[str] = frozenset()
    imap_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = field(default=system_resolver, compare=False)

    @classmethod
    def make(
        cls,
        *,
        board_bases: Iterable[str] = (),
        imap_hosts: Iterable[str] = (),
        allow_networks: Iterable[str] = (),
        resolver: Resolver = system_resolver,
    ) -> NetPolicy:
        """A policy from the admin's lists; one clear InvalidInput for a value that is not
        an http(s) URL, a host name or a network such as 10.20.0.0/16."""
        bases = set()
        for url in board_bases:
            parts = urlsplit(url.strip())
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                raise InvalidInput(f"A job-board base URL must be http(s)://HOST/…, not '{url}'.")
            bases.add(_base(url))
        hosts = set()
        for h in imap_hosts:
            name = h.strip().lower().rstrip(".")
            if not name or any(ch in name for ch in "/:@ "):
                raise InvalidInput(f"An IMAP host is a bare host name, not '{h}'.")
            hosts.add(name)
        nets = []
        for n in allow_networks:
            try:
                nets.append(ipaddress.ip_network(n.strip(), strict=False))
            except ValueError:
                raise InvalidInput(
                    f"'{n}' is not a network; write one like 10.20.0.0/16 or fd00::/8."
                ) from None
        return cls(frozenset(bases), frozenset(hosts), tuple(nets), resolver)

    # --- names --------------------------------------------------------------------------

    def check_board_base(self, url: str) -> None:
        """Refuse a job board's base URL that is not on the admin's list."""
        if _base(url) not in self.board_bases:
            raise Refused(
                f"The job-board address {url} is not on this server's list; only an "
                "administrator can add one."
            )

    def check_imap_host(self, host: str) -> None:
        """Refuse an IMAP host that is neither a known provider's nor on the allowlist."""
        if host.strip().lower().rstrip(".") not in self.imap_hosts:
            raise Refused(
                f"The mail server {host} is not one this server may contact; pick a known "
                "provider, or ask an administrator to allow it."
            )

    # --- addresses ----------------------------------------------------------------------

    def allowed(self, ip: IPAddress) -> bool:
        """True for a public address, or one inside a network the admin allows."""
        if any(ip in net or _inner(ip) in net for net in self.allow_networks):
            return True
        return why_internal(ip) is None

    def address(self, host: str, port: int) -> str:
        """The one address to connect to for `host`: resolved once, every answer checked.

        Refused when the name does not resolve or any address it resolves to is internal
        (a name with one public and one private answer is refused whole)."""
        literal = _literal(host)
        answers = [str(literal)] if literal is not None else list(self.resolver(host, port))
        if not answers:
            raise Refused(f"The name {host} does not resolve, so it was not contacted.")
        for text in answers:
            ip = _literal(text)
            if ip is None:
                raise Refused(f"The name {host} resolved to '{text}', which is no address.")
            if not self.allowed(ip):
                shown = "" if literal is not None else f" (it resolves to {ip})"
                raise Refused(
                    f"{host}{shown} is a {why_internal(ip)} address, which this server does "
                    "not contact for a seeker."
                )
        return answers[0]


# --- connecting to the checked address --------------------------------------------------


class _PinnedContext(ssl.SSLContext):
    """Checks the certificate against `pinned_name` whatever address the socket has."""

    pinned_name = ""

    def wrap_socket(self, sock: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["server_hostname"] = self.pinned_name
        return super().wrap_socket(sock, *args, **kwargs)


def pinned_tls(host: str) -> ssl.SSLContext:
    """A verifying TLS context (the system's trust store, or $SSL_CERT_FILE) that checks
    the certificate against `host` even when the socket was opened to its address."""
    ctx = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.pinned_name = host
    ctx.load_default_certs()
    return ctx


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that sends each request, redirects included, to the address the
    policy checked; the Host header and the TLS name stay the URL's host."""

    def __init__(
        self,
        policy: NetPolicy,
        inner: Callable[[], httpx.BaseTransport] = httpx.HTTPTransport,
    ) -> None:
        self.policy = policy
        self._make = inner
        # one pool per host name: a TLS connection made for one name is never reused for
        # another that happens to share its address
        self._pools: dict[tuple[str, str, int], httpx.BaseTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check the URL's host, then send the request to the checked address."""
        url = request.url
        if url.scheme not in ("http", "https"):
            raise Refused(f"Only http and https are fetched, not {url.scheme}.")
        port = url.port or (443 if url.scheme == "https" else 80)
        address = self.policy.address(url.host, port)
        extensions = dict(request.extensions)
        if url.scheme == "https":
            extensions["sni_hostname"] = url.host
        pinned = httpx.Request(
            request.method,
            url.copy_with(host=address),
            headers=request.headers,
            stream=request.stream,
            extensions=extensions,
        )
        key = (url.scheme, url.host, port)
        if key not in self._pools:
            self._pools[key] = self._make()
        return self._pools[key].handle_request(pinned)

    def close(self) -> None:
        """Close every pool."""
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()
