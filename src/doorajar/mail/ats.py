"""Applicant tracking systems: who they are, and how to find the real company behind them.

Pure. When the sender's domain belongs to an ATS (Greenhouse, Lever, Workday, ...),
the company is never the ATS: it is in the display name, the subdomain or the local
part of the address, or the text.
"""

from __future__ import annotations

import re

# Registered domains (and suffixes) of applicant tracking systems -> the system's name.
ATS_DOMAINS: dict[str, str] = {
    "greenhouse.io": "Greenhouse",
    "greenhouse-mail.io": "Greenhouse",
    "lever.co": "Lever",
    "hire.lever.co": "Lever",
    "myworkday.com": "Workday",
    "myworkdayjobs.com": "Workday",
    "workday.com": "Workday",
    "icims.com": "iCIMS",
    "smartrecruiters.com": "SmartRecruiters",
    "smartrecruiters-mail.com": "SmartRecruiters",
    "ashbyhq.com": "Ashby",
    "ashbyhq-mail.com": "Ashby",
    "workable.com": "Workable",
    "workablemail.com": "Workable",
    "jobvite.com": "Jobvite",
    "jobvite-mail.com": "Jobvite",
    "taleo.net": "Taleo",
    "oraclecloud.com": "Taleo",
    "bamboohr.com": "BambooHR",
    "teamtailor.com": "Teamtailor",
    "teamtailor-mail.com": "Teamtailor",
    "personio.de": "Personio",
    "personio.com": "Personio",
    "recruitee.com": "Recruitee",
    "jazzhr.com": "JazzHR",
    "applytojob.com": "JazzHR",
    "breezy.hr": "Breezy",
    "successfactors.com": "SuccessFactors",
    "successfactors.eu": "SuccessFactors",
    "pinpointhq.com": "Pinpoint",
    "join.com": "JOIN",
    "dover.com": "Dover",
    "gem.com": "Gem",
    "rippling.com": "Rippling",
    "eightfold.ai": "Eightfold",
    "phenom.com": "Phenom",
    "phenompeople.com": "Phenom",
    "avature.net": "Avature",
    "taleo.com": "Taleo",
    "jobvite.net": "Jobvite",
    "pinpoint.email": "Pinpoint",
    "breezyhr.com": "Breezy",
    "bamboohr.io": "BambooHR",
    "recruiterbox.com": "Recruiterbox",
    "comeet.co": "Comeet",
    "homerun.co": "Homerun",
    "manatal.com": "Manatal",
    "gupy.io": "Gupy",
    "factorial.co": "Factorial",
    "softgarden.io": "softgarden",
    "softgarden.de": "softgarden",
    "d.vinci.de": "d.vinci",
    "concludis.de": "concludis",
    "talentsoft.com": "Talentsoft",
    "cornerstoneondemand.com": "Cornerstone",
    "csod.com": "Cornerstone",
    "ultipro.com": "UKG",
    "ukg.com": "UKG",
    "adp.com": "ADP",
    "paylocity.com": "Paylocity",
    "paycom.com": "Paycom",
    "hibob.com": "HiBob",
    "welcomekit.co": "Welcome to the Jungle",
    "flatchr.io": "Flatchr",
    "beetween.com": "Beetween",
    "inrecruiting.com": "InRecruiting",
    "zohorecruit.com": "Zoho Recruit",
    "zoho.com": "Zoho",
    "pageuppeople.com": "PageUp",
    "interfolio.com": "Interfolio",
    "talent-soft.com": "Talentsoft",
}

# Job boards and networks: bulk mail about jobs, never the employer itself.
JOB_BOARDS: frozenset[str] = frozenset(
    {
        "linkedin.com",
        "indeed.com",
        "glassdoor.com",
        "stepstone.de",
        "xing.com",
        "monster.com",
        "ziprecruiter.com",
        "welcometothejungle.com",
        "wellfound.com",
        "otta.com",
        "infojobs.net",
        "hellowork.com",
        "apec.fr",
        "handshake.com",
        "joinhandshake.com",
        "stepstone.com",
        "stepstone.at",
        "stepstone.be",
        "stepstone.nl",
        "indeedemail.com",
        "indeed.de",
        "indeed.fr",
        "linkedin.de",
        "monster.de",
        "jobteaser.com",
        "computrabajo.com",
        "computrabajo.com.mx",
        "infojobs.it",
        "net-empregos.com",
        "net-empregos-mail.pt",
        "sapo-mail.pt",
        "itjobs.pt",
        "nationalevacaturebank.nl",
        "werk.nl",
        "intermediair.nl",
        "jobat.be",
        "kununu.com",
        "dice.com",
        "builtin.com",
        "hired.com",
        "angel.co",
        "naukri.com",
        "seek.com.au",
        "reed.co.uk",
        "totaljobs.com",
        "cv-library.co.uk",
        "jobindex.dk",
        "infojobs-notifiche.it",
        "computrabajo.com.co",
        "computrabajo.com.ar",
        "computrabajo.com.pe",
        "computrabajo.cl",
        "hitmarker.net",
    }
)

# Calendars, video calls and other tools that send on an employer's behalf: never the employer.
PLATFORMS: frozenset[str] = frozenset(
    {
        "calendly.com",
        "google.com",
        "zoom.us",
        "microsoft.com",
        "office365.com",
        "outlook.com",
        "docusign.net",
        "docusign.com",
        "hackerrank.com",
        "codility.com",
        "codesignal.com",
        "hirevue.com",
        "testgorilla.com",
        "goodtime.io",
        "modernhire.com",
        "sharepoint.com",
    }
)

FREEMAIL: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "aol.com",
        "mail.com",
        "fastmail.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "yahoo.fr",
        "hotmail.fr",
        "t-online.de",
        "posteo.de",
    }
)

# Subdomain / local-part words that are plumbing, not a company.
_PLUMBING = frozenset(
    {
        "www",
        "mail",
        "email",
        "e",
        "m",
        "app",
        "apps",
        "jobs",
        "job",
        "careers",
        "career",
        "hire",
        "hiring",
        "recruiting",
        "talent",
        "us",
        "eu",
        "wd1",
        "wd3",
        "wd5",
        "no-reply",
        "noreply",
        "donotreply",
        "do-not-reply",
        "notification",
        "notifications",
        "notify",
        "candidates",
        "candidate",
        "applicants",
        "system",
        "info",
        "hr",
        "bounce",
        "bounces",
        "mailer",
        "news",
        "team",
        "hello",
        "support",
        "reply",
        "recruitment",
        "talentacquisition",
        "people",
        "admin",
        "postmaster",
        "service",
        "messages",
        "alerts",
    }
)

_SPLIT_LOCAL = re.compile(r"[._+-]")
_LEGAL = frozenset({"gmbh", "inc", "llc", "ltd", "ag", "sa", "sas", "sl", "plc", "corp", "co"})
NO_REPLY_LOCAL = re.compile(r"^(?:no|do)[-_.]?(?:not[-_.]?)?reply$")


# The ATS products' own names, lower-case: never a company or a person in a message.
ATS_WORDS = frozenset(name.lower() for name in ATS_DOMAINS.values())


def plain_domain(domain: str) -> str:
    """The domain without the labels that say nothing: `example` in documentation
    domains ('acme.example.com' -> 'acme.com') and the `-mail` of a system's sending
    domain ('acme.eightfold-mail.ai' -> 'acme.eightfold.ai')."""
    labels = [lab.removesuffix("-mail") for lab in domain.lower().split(".")]
    kept = [lab for lab in labels if lab and lab != "example"]
    return ".".join(kept) if len(kept) >= 2 else domain.lower()


def _suffix_match(domain: str, table: dict[str, str] | frozenset[str]) -> str | None:
    """The key of `table` that `domain` equals or ends with (as a subdomain)."""
    for name in (domain.lower(), plain_domain(domain)):
        parts = name.split(".")
        for i in range(len(parts) - 1):
            candidate = ".".join(parts[i:])
            if candidate in table:
                return candidate
    return None


def ats_name(domain: str) -> str | None:
    """The ATS behind a sender domain, e.g. 'Greenhouse', or None."""
    key = _suffix_match(domain.lower(), ATS_DOMAINS)
    return ATS_DOMAINS[key] if key else None


def is_job_board(domain: str) -> bool:
    """True for job boards and professional networks (alerts, digests)."""
    return _suffix_match(domain.lower(), JOB_BOARDS) is not None


def is_platform(domain: str) -> bool:
    """True for calendars, video calls and test sites that send for an employer."""
    return _suffix_match(domain.lower(), PLATFORMS) is not None


def is_freemail(domain: str) -> bool:
    """True for personal mail providers, whose domain says nothing about an employer."""
    return _suffix_match(domain.lower(), FREEMAIL) is not None


def _tidy(label: str) -> str | None:
    """Turn 'northwind-logistics' into 'Northwind Logistics'; None for plumbing."""
    label = label.strip().lower()
    if not label or label in _PLUMBING or label.isdigit() or len(label) < 2:
        return None
    words = [w for w in re.split(r"[-_]", label) if w and w not in _PLUMBING and w not in _LEGAL]
    if not words:
        return None
    return " ".join(w.capitalize() for w in words)


def company_from_address(addr: str) -> str | None:
    """A best guess at the employer from the address alone (weakest evidence)."""
    if "@" not in addr:
        return None
    local, domain = addr.lower().rsplit("@", 1)
    domain = plain_domain(domain)
    ats_key = _suffix_match(domain, ATS_DOMAINS)
    if ats_key is not None:
        # acme.bamboohr.com, acme.jobs.personio.de, careers-acme@icims.com, acme@myworkday.com
        sub = domain[: -len(ats_key)].rstrip(".")
        for label in reversed(sub.split(".")) if sub else ():
            name = _tidy(label)
            if name:
                return name
        if local in _PLUMBING or NO_REPLY_LOCAL.match(local):
            return None
        pieces = [p for p in _SPLIT_LOCAL.split(local) if p and p not in _PLUMBING]
        if pieces and not pieces[0].isdigit():
            return " ".join(p.capitalize() for p in pieces)
        return None
    if is_freemail(domain) or is_job_board(domain) or is_platform(domain):
        return None
    label = registered_label(domain)
    return _tidy(label) if label else None


# Second-level labels of public suffixes: co.uk, com.au, gov.au, gc.ca, gouv.qc.ca, govt.nz.
_PUBLIC = frozenset(
    {
        "co",
        "com",
        "org",
        "net",
        "ac",
        "gov",
        "govt",
        "edu",
        "gouv",
        "gc",
        "qc",
        "on",
        "bc",
        "ab",
        "mb",
        "ns",
        "nb",
        "vic",
        "nsw",
        "qld",
        "wa",
        "sa",
        "tas",
        "act",
        "nt",
        "or",
        "ne",
        "go",
        "gob",
        "nhs",
        "mil",
        "int",
        "ltd",
        "plc",
        "sch",
        "res",
        "nic",
        "iwi",
    }
)


def registered_label(domain: str) -> str:
    """The label a domain's owner registered, before its public suffix: 'acme' for
    jobs.acme.co.uk, 'aows' for recruitment.aows.gov.au; '' if there is none."""
    labels = [lab for lab in domain.lower().split(".") if lab]
    if len(labels) < 2:
        return ""
    i = len(labels) - 2
    while i > 0 and labels[i] in _PUBLIC:
        i -= 1
    return labels[i]


# Links and addresses that name the employer's own tenant on an ATS (a label starts only
# where a label can start, and is at most 63 characters, so a long run of letters is
# read in linear time):
# acme.wd5.myworkdayjobs.com, boards.greenhouse.io/acme, jobs.lever.co/acme, ...
_TENANT = re.compile(
    r"(?:https?://)?(?:"
    r"(?<![a-z0-9-])(?P<a>[a-z0-9-]{1,63})\.wd\d+\.myworkdayjobs\.com|"
    r"(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_app\?for=)?(?P<b>[a-z0-9-]{1,63})|"
    r"jobs(?:\.eu)?\.lever\.co/(?P<c>[a-z0-9-]{1,63})|"
    r"jobs\.ashbyhq\.com/(?P<d>[a-z0-9.-]{1,63})|"
    r"(?<![a-z0-9-])(?P<e>[a-z0-9-]{1,63})\.recruitee\.com|"
    r"apply\.workable\.com/(?P<f>[a-z0-9-]{1,63})|"
    r"(?:careers|jobs)\.smartrecruiters\.com/(?P<g>[a-z0-9-]{1,63})|"
    r"(?<![a-z0-9-])(?P<h>[a-z0-9-]{1,63})\.(?:bamboohr\.com|teamtailor\.com|breezy\.hr|applytojob\.com|"
    r"pinpointhq\.com|jobs\.personio\.(?:de|com))|"
    r"jobs\.jobvite\.com/(?P<i>[a-z0-9-]{1,63})|"
    r"(?<![a-z0-9-])(?:careers-)?(?P<j>[a-z0-9-]{1,63})\.icims\.com)",
    re.IGNORECASE,
)
_NOT_TENANT = frozenset(
    {"www", "app", "api", "mail", "careers", "jobs", "us", "eu", "help", "support"}
)


def tidy_label(label: str) -> str | None:
    """A tenant or domain label as a name ('northwind-logistics' -> 'Northwind Logistics')."""
    return _tidy(label)


def ats_tenant(text: str) -> str | None:
    """The employer's tenant named in an ATS link or address in the text ('acme' from
    acme.wd5.myworkdayjobs.com), lower-case, or None."""
    for m in _TENANT.finditer(text):
        slug = next((g for g in m.groups() if g), None)
        if slug:
            slug = slug.lower().removeprefix("careers-")
            if slug not in _NOT_TENANT and slug not in _PLUMBING and len(slug) >= 2:
                return slug
    return None
