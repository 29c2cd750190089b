"""Hand-written confirmations, invitations, offers, outreach and everyday mail for the corpus."""

from __future__ import annotations

from corpus import T

RECEIVED = [
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Thank you for applying to {company}", "Application received: {role}"],
        """{greet}

Thank you for your interest in {company}! We've received your application for {role}.

Our recruiting team will review your application and, if your skills and experience match what we're looking for, we'll be in touch to discuss next steps.

In the meantime, feel free to learn more about life at {company} on our blog.

{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "noreply",
        ["We received your application", "Your application has been submitted"],
        """{greet}

This is a confirmation that your application for the {role} position (Job ID {req}) has been submitted successfully.

You can check the status of your application at any time by logging in to your candidate account.

Please do not reply to this automated message.

{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["{company} - we got your application!", "Thanks for applying!"],
        """Hi {cand} 👋

Thanks for applying to be our next {role}! Your application is in, and a real human on our team will read it within the next two weeks.

We know waiting is the worst part, so here's what happens next: if there's a match, we'll invite you to a 30-minute call with someone from our recruiting team. If not, we'll still let you know either way.

{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Your application for {role}"],
        """{greet}

We have received your application for {role} and would like to thank you for your interest in joining {company}.

We are currently reviewing applications and will contact candidates who are shortlisted for interview. Due to the number of applications we receive, this can take up to three weeks.

Kind regards,
{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Application confirmation - {company}"],
        """{greet}

Thanks for submitting your application to {company}. We'll review it carefully and get back to you as soon as we can.

Position: {role}
Location: {city}

Good luck!
{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "noreply",
        ["{company} Careers: Application Received"],
        """{greet}

Thank you for applying for {role}. This email confirms that we've received your application.

What happens next? Our talent team reviews every application. If your background is a fit, a recruiter will reach out to schedule an initial conversation. Unfortunately we cannot respond individually to every applicant, so if you do not hear from us within 30 days, please assume the position has been filled.

{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["We've got it, {cand}"],
        """{greet}

Just a quick note to say we've received your application for the {role} role. We're reviewing applications on a rolling basis.

We appreciate you considering {company} for the next step in your career.

{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Thanks for your interest in {company}"],
        """{greet}

Your application for {role} has been received and is now with our hiring team.

We know applying for jobs can feel like sending things into a void, so we promise: you will hear back from us whatever the outcome.

Best,
{sig}""",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Vielen Dank für Ihre Bewerbung", "Eingangsbestätigung: {role}"],
        """Guten Tag {cand},

vielen Dank für Ihre Bewerbung als {role}. Ihre Unterlagen sind bei uns eingegangen.

Wir werden Ihre Bewerbung sorgfältig prüfen und uns so schnell wie möglich bei Ihnen melden.

Mit freundlichen Grüßen
{sig}""",
        lang="de",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Accusé de réception de votre candidature"],
        """Bonjour {cand},

Nous avons bien reçu votre candidature pour le poste de {role} et vous en remercions.

Notre équipe va l'étudier avec attention et reviendra vers vous dans les meilleurs délais.

Cordialement,
{sig}""",
        lang="fr",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Hemos recibido tu candidatura"],
        """Hola {cand}:

¡Gracias por tu interés en {company}! Hemos recibido tu candidatura para el puesto de {role}.

Revisaremos tu perfil y, si encaja con lo que buscamos, nos pondremos en contacto contigo.

Un saludo,
{sig}""",
        lang="es",
    ),
    T(
        "application_received",
        None,
        None,
        "ats",
        ["Deine Bewerbung ist angekommen"],
        """Hi {cand},

super, deine Bewerbung als {role} ist bei uns angekommen! Wir sichten alle Unterlagen und melden uns in den nächsten zwei Wochen bei dir.

Bis bald
{sig}""",
        lang="de",
    ),
]

INTERVIEW = [
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Interview invitation: {role}", "Next steps with {company}"],
        """{greet}

Thanks for applying for the {role} role. We were impressed by your background and would love to invite you to a 30-minute video call with me to learn more about you and tell you about the team.

Could you share your availability for next week? Alternatively, you can pick a time that suits you here: https://calendly.com/{rslug}/intro

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Re: {role} - next round"],
        """{greet}

Great news: the team enjoyed your conversation with {mgrfirst} and would like to move you forward to the next round, a 90-minute technical interview with two engineers.

We're speaking with a small number of other candidates as well, so the sooner we can find a slot, the better. Are you free on {day} or Thursday afternoon?

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "ats",
        ["Schedule your interview with {company}"],
        """{greet}

We'd like to invite you to interview for the {role} position at {company}.

Please use the link below to choose a time for your interview. Slots are available over the next five business days.

[Select a time]

If none of the times work for you, reply to this email and we will find an alternative.

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "manager",
        ["Coffee chat?", "Re: your application"],
        """{greet}

{ofirst} from our recruiting team passed along your application, and I'd like to set up a chat. I lead the {team} team here and I'm hiring for the {role} position.

Would you have 45 minutes sometime this week? I'm flexible on timing.

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Final round at {company}"],
        """{greet}

I'm excited to let you know that you've been invited to our final round! It will be a half-day onsite at our office, with four sessions: system design, a collaboration exercise, a conversation with {mgrfirst}, and lunch with the team.

We interview several other candidates at this stage, so please don't read too much into the schedule.

Please send me a few dates that work for you over the next two weeks.

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Confirmed: your interview on {day}"],
        """{greet}

This is to confirm your interview for {role} on {day} at 14:00 CET. You'll meet {mgr} ({mgrtitle}) over Google Meet; the link is in the calendar invitation.

Nothing to prepare beyond being ready to talk about a project you're proud of.

Good luck!
{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "ats",
        ["Next steps for your application"],
        """{greet}

Thank you for your application to {company}. We'd like to invite you to complete a short online assessment as the next step of the process. It takes about 40 minutes.

Once you've finished, we'll review your results and be in touch about an interview.

{sig}""",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Einladung zum Vorstellungsgespräch"],
        """Hallo {cand},

vielen Dank für deine Bewerbung als {role}. Wir würden dich gerne zu einem ersten Kennenlerngespräch per Video einladen.

Passt dir {day} um 10 Uhr? Ansonsten schick mir gern zwei, drei Terminvorschläge.

Viele Grüße
{sig}""",
        lang="de",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Invitation à un entretien"],
        """Bonjour {cand},

Votre candidature au poste de {role} a retenu notre attention et nous aimerions vous inviter à un premier entretien en visio.

Pourriez-vous me communiquer vos disponibilités pour la semaine prochaine ?

Bien cordialement,
{sig}""",
        lang="fr",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Entrevista para {role}"],
        """Hola {cand}:

Nos gustaría invitarte a una entrevista para el puesto de {role}. Será una videollamada de unos 45 minutos con el equipo.

¿Podrías indicarme tu disponibilidad para esta semana?

Saludos,
{sig}""",
        lang="es",
    ),
    T(
        "interview",
        None,
        None,
        "recruiter",
        ["Re: Quick question about your availability"],
        """{greet}

Good news from my side: {mgrfirst} read your portfolio and wants to meet you! Unfortunately she's travelling this week, so we're looking at early next week.

Would Monday or Tuesday afternoon work?

{sig}""",
    ),
]

OFFER = [
    T(
        "offer",
        None,
        None,
        "recruiter",
        ["Offer from {company}", "Your offer for {role}"],
        """{greet}

I'm delighted to let you know that we'd like to offer you the position of {role} at {company}!

Everyone who met you was impressed. Attached is your formal offer letter with the details of your base salary, equity and benefits. Your proposed start date is the first Monday of next month.

Please take a few days to review it, and let me know if you have any questions. I'd be happy to set up a call with {mgrfirst} too.

{sig}""",
    ),
    T(
        "offer",
        None,
        None,
        "manager",
        ["Welcome to the team (almost!)"],
        """{greet}

I'm thrilled to extend you an offer to join the {team} team. I really enjoyed our conversations and I think you'll do great work here.

{ofirst} will send the written offer later today. If anything in it doesn't work for you, call me.

{sig}""",
    ),
    T(
        "offer",
        None,
        None,
        "ats",
        ["Action required: review your offer"],
        """{greet}

Congratulations! Your offer for {role} at {company} is ready for review.

Please sign and return the offer via the secure link below within five business days.

[Review offer]

{sig}""",
    ),
    T(
        "offer",
        None,
        None,
        "recruiter",
        ["Vertragsangebot {company}"],
        """Hallo {cand},

wir freuen uns sehr, dir die Stelle als {role} anzubieten! Im Anhang findest du unser Vertragsangebot mit allen Details.

Gib mir bitte bis Freitag Bescheid, ob du Fragen hast.

Viele Grüße
{sig}""",
        lang="de",
    ),
    T(
        "offer",
        None,
        None,
        "recruiter",
        ["Re: Verbal offer follow-up"],
        """{greet}

Following our call this morning, I'm happy to confirm the verbal offer in writing: base salary of {salary}, a signing bonus, and a start date of your choosing in the next six weeks.

The formal offer letter will come through DocuSign shortly.

{sig}""",
    ),
    T(
        "offer",
        None,
        None,
        "recruiter",
        ["Proposition d'embauche - {role}"],
        """Bonjour {cand},

J'ai le plaisir de vous adresser notre proposition d'embauche pour le poste de {role}. Vous trouverez le détail de la rémunération en pièce jointe.

N'hésitez pas à m'appeler pour en discuter.

Bien à vous,
{sig}""",
        lang="fr",
    ),
]

OUTREACH = [
    T(
        "recruiter_outreach",
        None,
        None,
        "recruiter",
        ["{role} opportunity at {company}", "Quick question"],
        """{greet}

I came across your profile on LinkedIn and was impressed by your work on {team}. I'm a technical recruiter at {company}, and we're hiring a {role} to help us scale our platform.

Would you be open to a quick 20-minute chat this week? Happy to share more details on the team and compensation.

{sig}""",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "agency",
        ["Exciting opportunity - {role}"],
        """{greet}

I'm reaching out because I'm working with a client, a fast-growing scale-up in {city}, who are looking for a {role}. Your background looks like a great fit.

The package is competitive and the role is hybrid. Are you open to new opportunities at the moment?

{sig}""",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "recruiter",
        ["Your GitHub caught my eye"],
        """{greet}

Your open-source work caught my eye — the data validation library in particular. We're building the {team} team at {company} and I'd love to tell you about it.

No pressure at all. If you're happy where you are, just say so and I won't bother you again.

{sig}""",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "manager",
        ["Would love to chat"],
        """{greet}

I run {team} at {company}. A former colleague of yours mentioned you might be exploring new opportunities, and I'm hiring for a {role}.

Would you be interested in having a conversation? Coffee's on me if you're in {city}.

{sig}""",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "agency",
        ["Ihr Profil auf XING"],
        """Hallo {cand},

Ihr Profil ist mir auf XING aufgefallen. Ich bin Personalberater und suche für einen Mandanten aus dem Mittelstand eine(n) {role}.

Hätten Sie Interesse an einem kurzen Telefonat?

Beste Grüße
{sig}""",
        lang="de",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "recruiter",
        ["Following up on my note"],
        """{greet}

Just bumping this up in case it got buried: we're still looking for a {role} and I think you'd be a strong candidate. Would you be open to hearing more?

{sig}""",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "agency",
        ["Opportunité {role}"],
        """Bonjour {cand},

Votre profil a retenu mon attention. Je suis consultante en recrutement et j'accompagne un client dans le secteur de l'énergie qui recherche un(e) {role}.

Seriez-vous ouvert(e) à un échange de quinze minutes cette semaine ?

{sig}""",
        lang="fr",
    ),
    T(
        "recruiter_outreach",
        None,
        None,
        "recruiter",
        ["Hiring for {role} at {company}"],
        """{greet}

I'm a recruiter at {company}. We don't have a role that matches your background perfectly right now, but we're hiring a {role} and I'd love to get to know you anyway.

Open to a quick call?

{sig}""",
    ),
]
