"""The pieces the corpus is built from: the template type and the pools of invented names.

Every company, person and product here is made up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class T:
    """One hand-written message text with its true labels.

    `sender` is the kind of sender: ats (an applicant tracking system on the
    company's behalf), noreply (the company's own no-reply address), recruiter or
    manager (a person at the company), agency (an outside recruiter), board (job
    board alerts), newsletter, friend, service (shops, apps).
    """

    category: str
    kind: str | None
    stage: str | None
    sender: str
    subjects: list[str]
    body: str
    lang: str = "en"


COMPANIES = [
    "Northwind Logistics",
    "Fernhill",
    "Bluefin Analytics",
    "Corvid Health",
    "Lumen & Vale",
    "Tessellate",
    "Orchard Robotics",
    "Kestrel Bank",
    "Quillmark",
    "Harbor Lane Insurance",
    "Saltmarsh Games",
    "Pinecrest Energy",
    "Voltaire Mobility",
    "Brightwell",
    "Cobalt Ridge",
    "Juniper Studio",
    "Meridian Freight",
    "Atlas Kitchens",
    "Hollowtree Software",
    "Nimbus Air",
    "Redwood Learning",
    "Silverline Media",
    "Tidewater Foods",
    "Granite Peak Capital",
    "Ember Labs",
    "Moonrise Travel",
    "Foxglove Pharma",
    "Larkspur",
    "Parallax Security",
    "Copperleaf",
    "Driftwood Retail",
    "Skylark Payments",
    "Wavecrest",
    "Alder Street Partners",
    "Kinfolk Health",
    "Marigold Bio",
    "Obsidian Data",
    "Sparrow & Finch",
    "Thistle Farms",
    "Zephyr Cloud",
]
COMPANIES_DE = [
    "Rheinwerk Digital",
    "Falkenstein Versicherung",
    "Blauhaus",
    "Nordlicht Energie",
    "Kranich Logistik",
]
COMPANIES_FR = ["Maison Lavande", "Solvéa", "Atelier Brume", "Nacelle", "Groupe Vireo"]
COMPANIES_ES = [
    "Olivar Tech",
    "Azulejo Seguros",
    "Marea Digital",
    "Sierra Norte Energía",
    "Colibrí",
]

ROLES = [
    "Senior Backend Engineer",
    "Data Analyst",
    "Product Manager",
    "UX Designer",
    "Frontend Developer",
    "Machine Learning Engineer",
    "Customer Success Manager",
    "Marketing Coordinator",
    "DevOps Engineer",
    "Staff Software Engineer",
    "Senior Product Designer",
    "Business Analyst",
    "Account Executive",
    "Data Engineer",
    "Site Reliability Engineer",
    "Technical Writer",
    "Engineering Manager",
    "Head of Growth",
    "QA Engineer",
    "Financial Analyst",
    "Operations Associate",
    "iOS Developer",
    "Senior Data Scientist",
    "Security Engineer",
    "Content Strategist",
    "Solutions Architect",
    "People Operations Specialist",
    "Junior Web Developer",
    "Product Marketing Manager",
    "Platform Engineer",
    "Senior Software Engineer, Payments",
    "Backend Engineer (Python)",
    "Analytics Engineer",
    "Program Manager",
    "UX Researcher",
    "Sales Development Representative",
]
ROLES_DE = [
    "Data Analyst (m/w/d)",
    "Softwareentwickler Backend",
    "Produktmanagerin",
    "Werkstudent Marketing",
    "Projektleiter IT (w/m/d)",
]
ROLES_FR = [
    "Chef de projet digital",
    "Développeur Full Stack",
    "Data Scientist",
    "Responsable marketing",
    "Chargée de communication",
]
ROLES_ES = [
    "Desarrolladora Backend",
    "Analista de Datos",
    "Jefe de Producto",
    "Diseñador UX",
    "Técnico de Soporte",
]

FIRST = [
    "Priya",
    "Marcus",
    "Elena",
    "Tomás",
    "Hannah",
    "Daniel",
    "Aisha",
    "Jonas",
    "Mei",
    "Oliver",
    "Sofia",
    "Kwame",
    "Laura",
    "Rafael",
    "Ingrid",
    "Noah",
    "Chloé",
    "Mateo",
    "Yuki",
    "Grace",
    "Felix",
    "Amara",
    "Lucas",
    "Nadia",
    "Henrik",
    "Isabel",
    "Theo",
    "Zara",
    "Emil",
    "Rosa",
]
LAST = [
    "Raman",
    "Whitfield",
    "Kovacs",
    "Herrera",
    "Becker",
    "O'Connor",
    "Mensah",
    "Lindqvist",
    "Tanaka",
    "Brennan",
    "Marchetti",
    "Adeyemi",
    "Schulz",
    "Dubois",
    "Moreau",
    "Castillo",
    "Novak",
    "Fischer",
    "Okafor",
    "Park",
    "Haddad",
    "Sørensen",
    "García",
    "Nakamura",
    "Van Dijk",
    "Keller",
    "Rossi",
    "Murphy",
    "Jansen",
    "Ibarra",
]
CANDIDATES = [
    ("Sam", "Carter"),
    ("Alex", "Moreno"),
    ("Jordan", "Lee"),
    ("Lena", "Fischer"),
    ("Camille", "Roux"),
    ("Lucía", "Romero"),
    ("Ravi", "Shah"),
    ("Maya", "Goldberg"),
]
CITIES = [
    "Berlin",
    "London",
    "Amsterdam",
    "Lisbon",
    "Toronto",
    "Austin",
    "Dublin",
    "Barcelona",
    "Lyon",
    "Munich",
]
TEAMS = [
    "payments",
    "data platform",
    "growth",
    "search",
    "infrastructure",
    "mobile",
    "billing",
    "customer analytics",
    "design systems",
    "logistics",
]

RECRUITER_TITLES = {
    "en": [
        "Talent Acquisition Partner",
        "Technical Recruiter",
        "Senior Recruiter",
        "People Partner",
        "Recruiting Lead",
        "Talent Partner",
    ],
    "de": ["Recruiterin", "Talent Acquisition Manager", "Personalreferentin", "Recruiter"],
    "fr": ["Chargée de recrutement", "Talent Acquisition Manager", "Responsable recrutement"],
    "es": ["Técnica de Selección", "Responsable de Talento", "Reclutador"],
}
MANAGER_TITLES = [
    "Engineering Manager",
    "Head of Product",
    "Director of Data",
    "VP Marketing",
    "Design Lead",
    "CTO",
]
AGENCIES = [
    "Talentbridge Partners",
    "Keystone Search",
    "Northstar Talent",
    "Brightpath Recruitment",
]

DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes"],
}
CLOSINGS = {
    "en": [
        "Best,",
        "Kind regards,",
        "Thanks,",
        "Best wishes,",
        "Cheers,",
        "Regards,",
        "All the best,",
        "Warm regards,",
    ],
    "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße"],
    "fr": ["Cordialement,", "Bien à vous,", "Bien cordialement,"],
    "es": ["Un saludo,", "Saludos,", "Atentamente,"],
}
TEAM_SIGS = {
    "en": [
        "The {company} Recruiting Team",
        "{company} Talent Acquisition",
        "The Hiring Team at {company}",
        "{company} Careers",
        "Talent Team\n{company}",
        "The {company} People Team",
    ],
    "de": [
        "Ihr Recruiting-Team von {company}",
        "Das {company} Talent Team",
        "Personalabteilung\n{company}",
    ],
    "fr": ["L'équipe recrutement de {company}", "Service des ressources humaines\n{company}"],
    "es": ["El equipo de selección de {company}", "Equipo de Talento\n{company}"],
}

# (ATS name, display-name style, address style); {c} company, {s} company slug.
ATS_STYLES = [
    ("Greenhouse", "{c}", "no-reply@us.greenhouse-mail.io"),
    ("Greenhouse", "{c} Recruiting", "no-reply@greenhouse.io"),
    ("Lever", "{c}", "no-reply@hire.lever.co"),
    ("Workday", "{c} Careers", "{s}@myworkday.com"),
    ("iCIMS", "{c} Talent Acquisition", "careers-{s}@icims.com"),
    ("SmartRecruiters", "{c} Hiring Team", "noreply@smartrecruiters.com"),
    ("Ashby", "{c} Recruiting", "no-reply@ashbyhq.com"),
    ("Workable", "{c}", "noreply@candidates.workablemail.com"),
    ("Jobvite", "{c} Recruiting", "notification@jobvite.com"),
    ("Taleo", "{c}", "{s}@taleo.net"),
    ("BambooHR", "{c} Hiring Team", "notifications@{s}.bamboohr.com"),
    ("Teamtailor", "{c}", "no-reply@teamtailor-mail.com"),
    ("Personio", "{c} Recruiting", "jobs@{s}.jobs.personio.de"),
]
ATS_FOOTERS = {
    "Greenhouse": "Powered by Greenhouse",
    "Lever": "Sent via Lever",
    "Workday": "This email was sent from Workday on behalf of {c}.",
    "iCIMS": "Powered by iCIMS",
    "SmartRecruiters": "Powered by SmartRecruiters",
    "Ashby": "Sent with Ashby",
    "Workable": "Sent by {c} via Workable",
    "Jobvite": "Jobvite, on behalf of {c}",
    "Taleo": "Oracle Taleo",
    "BambooHR": "Powered by BambooHR",
    "Teamtailor": "Powered by Teamtailor",
    "Personio": "Powered by Personio",
}
BOARDS = [
    ("LinkedIn Job Alerts", "jobalerts-noreply@linkedin.com"),
    ("Indeed", "alert@indeed.com"),
    ("StepStone", "jobagent@stepstone.de"),
    ("Welcome to the Jungle", "hello@welcometothejungle.com"),
    ("Glassdoor Jobs", "noreply@glassdoor.com"),
]
NEWSLETTERS = [
    ("The Career Corner", "hello@careercorner.co"),
    ("Hiring Digest", "digest@hiringdigest.news"),
    ("Workspace", "updates@workspace-app.io"),
    ("Alumni Relations", "alumni@univ-example.edu"),
]
SERVICES = [
    ("Keyhaven Shop", "orders@keyhaven-shop.com"),
    ("Smile Dental Clinic", "appointments@smiledental.example"),
    ("Account Security", "no-reply@accounts.cloudnote.app"),
]
