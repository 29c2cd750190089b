"""Hand-written everyday mail for the corpus: job alerts, newsletters, friends, receipts.

Many are hard negatives: they talk about rejections, interviews or closed roles
without being any of those for the reader.
"""

from __future__ import annotations

from corpus import T

OTHER = [
    T(
        "other",
        None,
        None,
        "board",
        ["{n} new jobs for you", 'New jobs matching "{role}"'],
        """Jobs you may be interested in

{role} — {company} — {city}
Actively recruiting · Apply with your profile

{role2} — {company2} — Remote
Be an early applicant

Senior {role} — {company3} — {city}
3 connections work here

See all jobs

You are receiving job alert emails. Manage your alert settings or unsubscribe.""",
    ),
    T(
        "other",
        None,
        None,
        "board",
        ["Update: a job you saved is no longer accepting applications"],
        """Hi {cand},

Unfortunately, the {role} job at {company} that you saved is no longer accepting applications. The employer has closed this role.

Here are similar jobs based on your profile:

• {role2} at {company2}
• {role} at {company3}

View jobs

Unsubscribe from these emails""",
    ),
    T(
        "other",
        None,
        None,
        "board",
        ["Your weekly job digest"],
        """Your weekly digest

We found 14 roles this week that match your saved search "{role}" in {city}.

Top picks:
1. {role2}, {company2} (posted 2 days ago)
2. {role}, {company} (posted 5 days ago)

Tip: candidates who apply in the first 48 hours are more likely to hear back.

Manage your email preferences | Unsubscribe""",
    ),
    T(
        "other",
        None,
        None,
        "board",
        ["Neue Jobs für Sie: {role}"],
        """Guten Tag,

wir haben neue Stellenangebote für Sie gefunden, die zu Ihrem Suchauftrag passen:

{role} bei {company} in {city}
{role2} bei {company2}

Alle Jobs ansehen

Sie erhalten diese E-Mail, weil Sie einen Job-Agenten angelegt haben. Abmelden""",
        lang="de",
    ),
    T(
        "other",
        None,
        None,
        "board",
        ["Offres d'emploi pour vous"],
        """Bonjour,

Voici les offres d'emploi recommandées pour vous cette semaine :

- {role} chez {company} ({city})
- {role2} chez {company2}

Se désabonner de cette alerte emploi""",
        lang="fr",
    ),
    T(
        "other",
        None,
        None,
        "board",
        ["{company} is hiring: {role}"],
        """{company} viewed jobs like yours

A recruiter at {company} is hiring for {role}. Based on your profile, you could be a top applicant.

Apply now

You're receiving this because you turned on job recommendations. Turn off or unsubscribe.""",
    ),
    T(
        "other",
        None,
        None,
        "newsletter",
        ["How to handle rejection like a pro", "This week: bouncing back from a no"],
        """In this issue

How to respond to a job rejection (and why it matters)

Getting turned down after an interview stings. But the way you respond can keep a door open: thank the interviewer, ask for one specific piece of feedback, and connect on LinkedIn.

Our readers shared the rejection emails they were most grateful for. One said the best was two lines long: "we've decided to move forward with another candidate, but your case study was the best we saw."

Read more on the blog →

You're receiving this newsletter because you subscribed at our website. Unsubscribe.""",
    ),
    T(
        "other",
        None,
        None,
        "newsletter",
        ["5 interview questions you should prepare for"],
        """Hi there,

Interview season is here. This week's guide covers five questions almost every hiring manager asks, from "tell me about yourself" to "why are you leaving your current role?".

Plus: our free webinar on salary negotiation, Thursday at 6pm. Register now.

Happy job hunting!
The Career Corner team

View this email in your browser · Unsubscribe""",
    ),
    T(
        "other",
        None,
        None,
        "newsletter",
        ["Product update: new features in your workspace"],
        """What's new this month

• Shared folders now support comments
• Faster search across all your documents
• Dark mode for the mobile app

As always, thank you for being a customer. Reply to this email if you have questions.

Unsubscribe | Privacy policy""",
    ),
    T(
        "other",
        None,
        None,
        "newsletter",
        ["Hiring trends report: what recruiters want in 2027"],
        """The hiring trends report

We surveyed 800 recruiters about how they screen applications. The headline: most say they spend under a minute on a first pass, and nearly half have decided to move forward with other candidates before reading a cover letter.

Download the full report to see what gets a résumé shortlisted.

Unsubscribe""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["Re: how did it go?", "dinner friday"],
        """Hey {cand}!

Sorry to hear about the interview :( Their loss honestly. Want to grab dinner Friday and forget about job stuff for a night?

I can book the Thai place.

{ffirst}""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["Your CV"],
        """Hi {cand},

I had a look at your CV as promised. Honestly it's good — I'd just cut the summary at the top and move your projects above your education. Happy to go through it on a call if helpful.

Also: my team might be hiring in spring, I'll let you know.

x
{ffirst}""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["photos from the weekend"],
        """Here are the photos from the hike! The one at the top of the ridge is my favourite.

Same time next month?

{ffirst}""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["Fwd: reference request"],
        """Hi {cand}, happy to be your reference for the {company} role — just send them my number. Good luck!!

{ffirst}""",
    ),
    T(
        "other",
        None,
        None,
        "service",
        ["Your order has shipped", "Order confirmation #{req}"],
        """Thanks for your order!

Your package is on its way and should arrive within 3-5 business days.

Order number: {req}
Items: 1 × Ergonomic keyboard

Track your package

Questions? Our support team is happy to help.""",
    ),
    T(
        "other",
        None,
        None,
        "service",
        ["Your appointment is confirmed"],
        """Hello {cand},

Your appointment at the dental clinic is confirmed for {day} at 9:30.

If you need to reschedule or cancel, please let us know at least 24 hours in advance.

See you soon!""",
    ),
    T(
        "other",
        None,
        None,
        "service",
        ["Security alert: new sign-in"],
        """We noticed a new sign-in to your account from a Linux device.

If this was you, you don't need to do anything. If not, please reset your password.

This is an automated message; replies are not monitored.""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["Re: Hackathon team"],
        """Count me in! I can do the backend if you take the frontend. The application deadline for teams is Sunday midnight, so let's submit Saturday.

{ffirst}""",
    ),
    T(
        "other",
        None,
        None,
        "newsletter",
        ["Campus careers fair: register now"],
        """Dear alumni,

Our annual careers fair is back! Meet more than 60 employers who are hiring graduates and experienced professionals.

Date: {day}, 10:00-16:00, main hall. Registration is free.

Register now

Alumni Relations Office

To stop receiving these emails, unsubscribe here.""",
    ),
    T(
        "other",
        None,
        None,
        "friend",
        ["Re: Lunch next week?"],
        """{cand}!

Lunch works, Wednesday? I've got an interview on Tuesday so I'll have stories either way haha.

{ffirst}""",
    ),
]
